using System.Diagnostics;
using System.Globalization;
using MemoryCore.Engine;
using MemoryCore.Graph;
using MemoryCore.Graph.Engine;
using MemoryCore.Model;
using MemoryCore.Retrieval;
using MemoryCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryBench;

/// <summary>
/// Server-side search against its floor, in the same run: for each scope size and mode, every query is run as the
/// floor (one embedding call + the store's own statements the response needs, on one open connection, see
/// <see cref="SearchFloor"/>) and through the engine (MemoryService.SearchAsync as POST /search calls it, relations
/// included), alternately. Prints p50 / p95 / p99 of both and their ratio. The hashing embedder by default, so the
/// embedding's cost is small and deterministic.
/// </summary>
internal static class SearchFloorBenchmark
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var storeKind = args.Get("store", "postgres");
        var sizes = args.Get("sizes", "1000,5000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var modes = args.Get("modes", "vector,fulltext,hybrid,graph").Split(',').Select(SearchModes.Parse).ToArray();
        var queries = args.GetInt("queries", 300);
        var background = args.GetInt("background", 5_000);
        var dataDir = Directory.CreateTempSubdirectory("memory-bench-").FullName;
        var settings = BenchHost.Settings(args, storeKind, dataDir, args.Get("embeddings", "hashing"));
        using var host = await BenchHost.StartAsync(settings);
        var store = host.Services.GetRequiredService<IMemoryStore>();
        var embedder = host.Services.GetRequiredService<Embedder>();
        var memory = host.Services.GetRequiredService<MemoryService>();
        var graph = host.Services.GetRequiredService<GraphMemory>();
        var candidates = host.Services.GetRequiredService<HybridSearch>().CandidatesFor(new SearchMemoryRequest(string.Empty, MemoryScope.Create("x", null, null)));
        var facts = new SyntheticFacts(seed: 42);
        await using var floor = await SearchFloor.OpenAsync(store, host.Services.GetRequiredService<IGraphStore>());

        Console.WriteLine($"store={storeKind} embedder={embedder.Identity.Model}/{embedder.Identity.Dimensions} graph={(graph.Enabled ? "on" : "off")} background={background} queries={queries} (floor and engine alternate, same queries)");
        await SearchLatencyBenchmark.LoadAsync(store, embedder, facts, Enumerable.Range(0, background).Select(i => MemoryScope.Create($"other-{i % 500}", null, null)));
        var breakdown = new List<string>();
        Console.WriteLine("| scope size | mode | floor p50 / p95 / p99 ms | engine p50 / p95 / p99 ms | ratio p50 | ratio p95 |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|");
        foreach (var size in sizes)
        {
            var scope = MemoryScope.Create($"bench-{size}", null, null);
            await SearchLatencyBenchmark.LoadThroughEngineAsync(memory, facts, scope, size);
            foreach (var mode in modes)
            {
                var stages = new StageTimes();
                var measuring = false;
                Task FloorAsync(string query) => FloorSearchAsync(floor, embedder, graph, scope, mode, query, candidates, measuring ? stages : null);
                Task EngineAsync(string query) => memory.SearchAsync(new SearchMemoryRequest(query, scope, Limit: 10, Mode: mode), CancellationToken.None);
                for (var warm = 0; warm < 20; warm++)
                {
                    var query = facts.Next();
                    await FloorAsync(query);
                    await EngineAsync(query);
                }

                measuring = true;
                var floorTimes = new double[queries];
                var engineTimes = new double[queries];
                for (var q = 0; q < queries; q++)
                {
                    var query = facts.Next();
                    floorTimes[q] = await TimeAsync(() => FloorAsync(query));
                    engineTimes[q] = await TimeAsync(() => EngineAsync(query));
                }

                Array.Sort(floorTimes);
                Array.Sort(engineTimes);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {size} | {SearchModes.Name(mode)} | {Triple(floorTimes)} | {Triple(engineTimes)} | {P(engineTimes, 0.5) / P(floorTimes, 0.5):F2} | {P(engineTimes, 0.95) / P(floorTimes, 0.95):F2} |"));
                breakdown.Add(string.Create(CultureInfo.InvariantCulture, $"- {size} {SearchModes.Name(mode)}: {stages} (p50/p95 ms)"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("Where the floor's time goes:");
        breakdown.ForEach(Console.WriteLine);
        if (args.Get("keep") == "true")
        {
            // For EXPLAIN ANALYZE of the statements on the same data afterwards.
            Console.WriteLine($"kept: schema {settings["Store:PostgresSchema"]}, SQLite data in {dataDir}");
        }
        else
        {
            if (storeKind == "postgres")
            {
                await store.ResetAsync(CancellationToken.None);
            }

            Directory.Delete(dataDir, recursive: true);
        }

        await host.StopAsync();
        return 0;
    }

    /// <summary>What the mode's response needs, with nothing around it: the query's entity names (offline extractor),
    /// one embedding call (query and names together), then each statement in turn: vector (the request's limit in
    /// vector mode, the fusion's candidates otherwise), full text, and the neighbourhood for the relations (and the
    /// graph signal's larger read in graph mode).</summary>
    private static async Task FloorSearchAsync(
        SearchFloor floor, Embedder embedder, GraphMemory graph, MemoryScope scope, SearchMode mode, string query, int candidates, StageTimes? stages)
    {
        var started = Stopwatch.GetTimestamp();
        var terms = await graph.ExtractQueryAsync(query, CancellationToken.None);
        var (vector, entities) = SearchModes.NeedsVector(mode)
            ? await embedder.EmbedQueryWithAsync(query, terms.EntityNames, CancellationToken.None)
            : (ReadOnlyMemory<float>.Empty, await embedder.EmbedAsync(terms.EntityNames, CancellationToken.None));
        started = stages?.Lap("embed", started) ?? started;
        if (mode != SearchMode.FullText)
        {
            await floor.VectorAsync(scope, vector, mode == SearchMode.Vector ? 10 : candidates);
            started = stages?.Lap("vector SQL", started) ?? started;
        }

        if (mode != SearchMode.Vector)
        {
            await floor.FullTextAsync(scope, FullTextQuery.Terms(query), candidates);
            started = stages?.Lap("full-text SQL", started) ?? started;
        }

        if (graph.Enabled && !terms.IsEmpty)
        {
            var limit = Math.Max(graph.Options.MaxSearchRelations, mode == SearchMode.Graph ? GraphRetrievalSignal.LookupLimit(candidates) : 0);
            await floor.NeighbourhoodAsync(new GraphSearch(
                scope, entities, terms.SelfRelations, terms.AboutSelf, graph.Options.MergeThreshold, graph.Options.SearchHops, null, limit));
            stages?.Lap("neighbourhood SQL", started);
        }
    }

    /// <summary>Per-stage durations of the floor, to show where its time goes.</summary>
    private sealed class StageTimes
    {
        private readonly Dictionary<string, List<double>> _times = [];

        public long Lap(string stage, long since)
        {
            var now = Stopwatch.GetTimestamp();
            if (!_times.TryGetValue(stage, out var list))
            {
                _times[stage] = list = [];
            }

            list.Add(Stopwatch.GetElapsedTime(since, now).TotalMilliseconds);
            return now;
        }

        public override string ToString() => string.Join("; ", _times.Select(t =>
        {
            var sorted = t.Value.Order().ToArray();
            return string.Create(CultureInfo.InvariantCulture, $"{t.Key} {P(sorted, 0.5):F2}/{P(sorted, 0.95):F2}");
        }));
    }

    private static async Task<double> TimeAsync(Func<Task> run)
    {
        var started = Stopwatch.GetTimestamp();
        await run();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double P(double[] sorted, double p) => SearchLatencyBenchmark.Percentile(sorted, p);

    private static string Triple(double[] sorted) =>
        string.Create(CultureInfo.InvariantCulture, $"{P(sorted, 0.50):F2} / {P(sorted, 0.95):F2} / {P(sorted, 0.99):F2}");
}
