using System.Diagnostics;
using System.Globalization;
using MemoryCore.Import;
using MemoryCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MemoryBench;

/// <summary>
/// Bulk import throughput: writes a synthetic JSON Lines file (<see cref="ScaleDataset"/>) once, then imports it through
/// <see cref="MemoryImporter"/> exactly as POST /admin/import does (parse, validate, embed, store), and prints memories a
/// second. With --defer-index the HNSW index is dropped first and its build after the load is timed on its own.
/// With --rerun the same file is imported a second time (everything a duplicate). With --keep the data stays
/// (schema / folder printed) for the scale search benchmark.
/// </summary>
internal static class ImportBenchmark
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var dataset = ScaleDataset.From(args);
        var storeKind = args.Get("store", "sqlite");
        var file = args.Get("file") ?? Path.Combine(Path.GetTempPath(),
            $"memory-import-{dataset.Total}-{dataset.People}-{dataset.Huge}x{dataset.HugeSize}-{dataset.Medium}x{dataset.MediumSize}.jsonl");
        if (!File.Exists(file))
        {
            var generating = Stopwatch.StartNew();
            await dataset.WriteAsync(file + ".partial");
            File.Move(file + ".partial", file);
            Console.WriteLine($"wrote {file} ({new FileInfo(file).Length / 1_048_576} MiB) in {generating.Elapsed.TotalSeconds:F1} s");
        }

        var keep = args.Get("keep") is not null;
        var schema = args.Get("schema") ?? "bench_" + Guid.NewGuid().ToString("N")[..8];
        var dataDir = args.Get("data-dir") ?? Directory.CreateTempSubdirectory("memory-import-").FullName;
        var settings = BenchStoreSettings.From(args, dataDir, schema);
        if (args.Get("index-memory") is { } indexMemory)
        {
            settings["Store:IndexBuildMemory"] = indexMemory;
        }

        settings["Store:IndexBuildWorkers"] = args.Get("index-workers", "1");
        using var host = await BenchHost.StartAsync(settings);
        var store = host.Services.GetRequiredService<IMemoryStore>();
        var importer = host.Services.GetRequiredService<MemoryImporter>();
        var options = new ImportOptions { BatchSize = args.GetInt("batch", 2_000), EmbedBatchSize = args.GetInt("embed-batch", 256) };
        var deferIndex = args.Get("defer-index") is not null;
        Console.WriteLine($"store={storeKind} schema={schema} dataDir={dataDir} file={file} batch={options.BatchSize} deferIndex={deferIndex} embedder={settings.GetValueOrDefault("Embeddings:Provider") ?? "local"}");

        var report = await TimedImportAsync(importer, store, file, options, deferIndex, storeKind == "postgres" ? args : null, schema);
        if (args.Get("rerun") is not null)
        {
            Console.WriteLine("re-run of the same file (idempotency):");
            await TimedImportAsync(importer, store, file, options, deferIndex: false, postgres: null, schema);
        }

        if (!keep)
        {
            await store.ResetAsync(CancellationToken.None);
        }

        await host.StopAsync();
        if (!keep && args.Get("data-dir") is null)
        {
            Directory.Delete(dataDir, recursive: true);
        }

        return report.Rejected == 0 ? 0 : 1;
    }

    private static async Task<ImportReport> TimedImportAsync(
        MemoryImporter importer, IMemoryStore store, string file, ImportOptions options, bool deferIndex, BenchArgs? postgres, string schema)
    {
        var index = deferIndex ? await store.SuspendVectorIndexAsync(CancellationToken.None) : null;
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var lastPrint = Stopwatch.StartNew();
        var progress = new SynchronousProgress(p =>
        {
            if (lastPrint.Elapsed.TotalSeconds >= 10)
            {
                Console.WriteLine($"  … {p.Lines:N0} lines, {p.Imported:N0} imported, {p.Duplicates:N0} duplicates, {p.Rejected:N0} rejected");
                lastPrint.Restart();
            }
        });
        var report = await importer.ImportAsync(stream, ImportFormat.JsonLines, options, progress, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"import: {report.Lines:N0} lines, {report.Imported:N0} imported, {report.Duplicates:N0} duplicates, {report.Rejected:N0} rejected in {report.Elapsed.TotalSeconds:F1} s = {report.Lines / report.Elapsed.TotalSeconds:N0} lines/s"));
        if (index is not null)
        {
            var building = Stopwatch.StartNew();
            await index.DisposeAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"HNSW build after the load: {building.Elapsed.TotalSeconds:F1} s; load + build = {report.Lines / (report.Elapsed + building.Elapsed).TotalSeconds:N0} memories/s"));
        }

        if (postgres is not null)
        {
            await PrintIndexSizeAsync(BenchStoreSettings.PostgresConnection(postgres), schema);
        }

        return report;
    }

    private static async Task PrintIndexSizeAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pg_size_pretty(pg_relation_size(format('%I.memories_embedding_hnsw_idx', @s)::regclass)), pg_size_pretty(pg_total_relation_size(format('%I.memories', @s)::regclass))",
            connection);
        command.Parameters.AddWithValue("s", schema);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Console.WriteLine($"HNSW index size {reader.GetString(0)}; memories table with all its indexes {reader.GetString(1)}");
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; this reports inline, in order.</summary>
    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
