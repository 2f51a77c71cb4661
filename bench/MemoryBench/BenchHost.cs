using MemoryCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MemoryBench;

/// <summary>The memory engine exactly as MemoryApi composes it, without HTTP: latencies are server-side.</summary>
internal static class BenchHost
{
    /// <param name="services">Replacements registered after the engine's own (e.g. a slow fake LLM), or null.</param>
    public static async Task<IHost> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddMemoryCore();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>
    /// The settings an engine bench starts from: SQLite data in <paramref name="dataDir"/>, a PostgreSQL schema of its
    /// own (so runs never share tables), the embedder named (null: the service's default), and for
    /// <c>--store postgres</c> the connection string from <c>--postgres</c> or <c>MEMORY_TEST_POSTGRES</c>.
    /// </summary>
    public static Dictionary<string, string?> Settings(BenchArgs args, string storeKind, string dataDir, string? embeddings)
    {
        var settings = new Dictionary<string, string?>
        {
            ["MEMORY_DATA_DIR"] = dataDir,
            ["Store:PostgresSchema"] = "bench_" + Guid.NewGuid().ToString("N")[..8],
        };
        if (embeddings is not null)
        {
            settings["Embeddings:Provider"] = embeddings;
        }

        if (storeKind == "postgres")
        {
            settings["ConnectionStrings:memorydb"] = args.Get("postgres") ?? Environment.GetEnvironmentVariable("MEMORY_TEST_POSTGRES")
                ?? throw new ArgumentException("--postgres CONNECTION_STRING (or MEMORY_TEST_POSTGRES) is required for --store postgres");
        }

        return settings;
    }
}
