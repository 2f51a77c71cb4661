namespace MemoryBench;

/// <summary>The host settings every store benchmark shares: store kind, PostgreSQL schema, SQLite folder, embedder.</summary>
internal static class BenchStoreSettings
{
    public static Dictionary<string, string?> From(BenchArgs args, string dataDir, string schema)
    {
        var settings = new Dictionary<string, string?> { ["MEMORY_DATA_DIR"] = dataDir, ["Store:PostgresSchema"] = schema };
        if (args.Get("embeddings") is { } provider)
        {
            settings["Embeddings:Provider"] = provider; // local (the default), hashing, openai
        }

        if (args.Get("store", "sqlite") == "postgres")
        {
            settings["ConnectionStrings:memorydb"] = PostgresConnection(args);
        }

        return settings;
    }

    public static string PostgresConnection(BenchArgs args) => args.Get("postgres") ?? Environment.GetEnvironmentVariable("MEMORY_TEST_POSTGRES")
        ?? throw new ArgumentException("--postgres CONNECTION_STRING (or MEMORY_TEST_POSTGRES) is required for --store postgres");
}
