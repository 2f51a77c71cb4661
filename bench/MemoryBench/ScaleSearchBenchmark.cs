using System.Diagnostics;
using System.Globalization;
using MemoryCore.Engine;
using MemoryCore.Model;
using MemoryCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryBench;

/// <summary>
/// Scale: scoped search over a store seeded by <c>import --keep</c> (same dataset arguments). For each scope class
/// (small people, medium, huge) it times <see cref="MemoryService.SearchAsync"/> (embed the query + the store's scoped
/// search, no HTTP) and the store's search alone, p50/p95/p99, and on PostgreSQL recall@10 against an exact scan. Then
/// 8 concurrent writers add verbatim memories to many people, and the process's memory is read. --plot writes the PNG.
/// </summary>
internal static class ScaleSearchBenchmark
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var dataset = ScaleDataset.From(args);
        var storeKind = args.Get("store", "sqlite");
        var schema = args.Get("schema") ?? throw new ArgumentException("--schema NAME (of import --keep) is required.");
        var dataDir = args.Get("data-dir") ?? Path.GetTempPath();
        var queries = args.GetInt("queries", 200);
        using var host = await BenchHost.StartAsync(BenchStoreSettings.From(args, dataDir, schema));
        var memory = host.Services.GetRequiredService<MemoryService>();
        var store = host.Services.GetRequiredService<IMemoryStore>();
        var embedder = host.Services.GetRequiredService<Embedder>();
        await using var exact = storeKind == "postgres" ? new ExactScan(BenchStoreSettings.PostgresConnection(args), schema) : null;
        Console.WriteLine($"store={storeKind} schema={schema} embedder={embedder.Identity.Model}/{embedder.Identity.Dimensions} queries={queries} per class; {Environment.ProcessorCount} cores");

        var facts = new SyntheticFacts(seed: 99);
        var random = new Random(5);
        var rows = new List<ScaleRow>();
        var roundTrips = new List<double>();
        Console.WriteLine("| scope class | memories in scope | engine p50 ms | p95 | p99 | store only p50 ms | p95 | p99 | recall@10 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, users) in Classes(dataset))
        {
            var engine = new List<double>();
            var storeOnly = new List<double>();
            var recall = new List<double>();
            for (var q = -20; q < queries; q++)
            {
                var (userId, size) = users[random.Next(users.Count)];
                var scope = MemoryScope.Create(userId, null, null);
                var text = facts.Next();
                var started = Stopwatch.GetTimestamp();
                await memory.SearchAsync(new SearchMemoryRequest(text, scope, Limit: 10, Mode: MemoryCore.Retrieval.SearchMode.Vector), CancellationToken.None);
                var engineMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                // Another query for the store alone: the same one again would find the index pages the engine's search just read.
                var vector = await embedder.EmbedQueryAsync(facts.Next(), CancellationToken.None);
                started = Stopwatch.GetTimestamp();
                var found = await store.SearchAsync(scope, vector, null, 10, CancellationToken.None);
                var storeMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (q < 0)
                {
                    continue; // warm-up
                }

                engine.Add(engineMs);
                storeOnly.Add(storeMs);
                if (exact is not null)
                {
                    roundTrips.Add(await exact.RoundTripMsAsync());
                    recall.Add(await exact.RecallAt10Async(userId, vector, found));
                }
            }

            var row = new ScaleRow(name, (long)users.Average(u => u.Size), Percentiles.Of(engine), Percentiles.Of(storeOnly), recall.Count == 0 ? null : recall.Average());
            rows.Add(row);
            Console.WriteLine(row.Markdown());
        }

        if (roundTrips.Count > 0)
        {
            var floor = Percentiles.Of(roundTrips);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"floor, one SELECT 1 round trip measured between the searches: p50 {floor.P50:F2} ms, p95 {floor.P95:F2} ms, p99 {floor.P99:F2} ms"));
        }

        if (exact is not null && args.Get("explain") is not null)
        {
            foreach (var (name, users) in Classes(dataset))
            {
                Console.WriteLine($"EXPLAIN ANALYZE, {name} scope {users[0].UserId} (the store's HNSW-path query and settings):");
                Console.WriteLine(await exact.ExplainAsync(users[0].UserId, await embedder.EmbedQueryAsync(facts.Next(), CancellationToken.None)));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"process memory after the searches: working set {Environment.WorkingSet / 1_048_576} MiB, peak {Process.GetCurrentProcess().PeakWorkingSet64 / 1_048_576} MiB, managed heap {GC.GetTotalMemory(false) / 1_048_576} MiB"));
        if (args.GetInt("writers", 8) is var writers and > 0)
        {
            await ConcurrentWriters.RunAsync(memory, dataset, writers, args.GetInt("writes", 800));
        }

        if (args.Get("plot") is { } plot)
        {
            ScaleChart.Save(plot, rows, $"{storeKind}, {dataset.Total:N0} memories, hashing embedder {embedder.Identity.Dimensions}d");
        }

        await host.StopAsync();
        return 0;
    }

    /// <summary>Scope classes present in the dataset: a sample of small people, every medium and every huge one.</summary>
    private static IEnumerable<(string Name, List<(string UserId, long Size)> Users)> Classes(ScaleDataset dataset)
    {
        var scopes = dataset.Scopes().ToList();
        var small = scopes.Where(s => s.UserId.StartsWith("person-", StringComparison.Ordinal)).ToList();
        var medium = scopes.Where(s => s.UserId.StartsWith("medium-", StringComparison.Ordinal)).ToList();
        var huge = scopes.Where(s => s.UserId.StartsWith("huge-", StringComparison.Ordinal)).ToList();
        if (small.Count > 0)
        {
            yield return ("small", small);
        }

        if (medium.Count > 0)
        {
            yield return ("medium", medium);
        }

        if (huge.Count > 0)
        {
            yield return ("huge", huge);
        }
    }
}

internal sealed record ScaleRow(string Class, long ScopeSize, Percentiles Engine, Percentiles Store, double? Recall)
{
    public string Markdown() => string.Create(CultureInfo.InvariantCulture,
        $"| {Class} | {ScopeSize:N0} | {Engine.P50:F2} | {Engine.P95:F2} | {Engine.P99:F2} | {Store.P50:F2} | {Store.P95:F2} | {Store.P99:F2} | {(Recall is { } r ? r.ToString("F3", CultureInfo.InvariantCulture) : "exact by design")} |");
}

internal sealed record Percentiles(double P50, double P95, double P99)
{
    public static Percentiles Of(List<double> timings)
    {
        var sorted = timings.Order().ToArray();
        return new Percentiles(At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99));
    }

    private static double At(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
