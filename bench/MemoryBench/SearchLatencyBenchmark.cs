using System.Diagnostics;
using System.Globalization;
using MemoryCore.Engine;
using MemoryCore.Model;
using MemoryCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryBench;

/// <summary>
/// Server-side search latency (embed the query + scoped vector search) for scopes of given sizes, next to a
/// background of other users' memories. Prints p50 / p95 / p99 in milliseconds.
/// </summary>
internal static class SearchLatencyBenchmark
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var storeKind = args.Get("store", "sqlite");
        var sizes = args.Get("sizes", "1000,5000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var queries = args.GetInt("queries", 300);
        var background = args.GetInt("background", 20_000);
        var mode = Enum.Parse<MemoryCore.Retrieval.SearchMode>(args.Get("mode", "vector"), ignoreCase: true);
        var throughEngine = args.Get("ingest", "direct") == "engine";
        var dataDir = Directory.CreateTempSubdirectory("memory-bench-").FullName;
        var settings = BenchHost.Settings(args, storeKind, dataDir, args.Get("embeddings")); // local (the default), hashing, openai
        using var host = await BenchHost.StartAsync(settings);
        var store = host.Services.GetRequiredService<IMemoryStore>();
        var embedder = host.Services.GetRequiredService<Embedder>();
        var memory = host.Services.GetRequiredService<MemoryService>();
        var facts = new SyntheticFacts(seed: 42);

        Console.WriteLine($"store={storeKind} mode={mode} ingest={(throughEngine ? "engine (graph built)" : "direct")} embedder={embedder.Identity.Model}/{embedder.Identity.Dimensions} background={background} queries={queries}");
        await LoadAsync(store, embedder, facts, Enumerable.Range(0, background).Select(i => MemoryScope.Create($"other-{i % 500}", null, null)));
        Console.WriteLine("| scope size | p50 ms | p95 ms | p99 ms | mean ms |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var size in sizes)
        {
            var scope = MemoryScope.Create($"bench-{size}", null, null);
            if (throughEngine)
            {
                await LoadThroughEngineAsync(memory, facts, scope, size);
            }
            else
            {
                await LoadAsync(store, embedder, facts, Enumerable.Repeat(scope, size));
            }

            for (var warm = 0; warm < 20; warm++)
            {
                await memory.SearchAsync(new SearchMemoryRequest(facts.Next(), scope, Mode: mode), CancellationToken.None);
            }

            var timings = new double[queries];
            for (var q = 0; q < queries; q++)
            {
                var started = Stopwatch.GetTimestamp();
                await memory.SearchAsync(new SearchMemoryRequest(facts.Next(), scope, Limit: 10, Mode: mode), CancellationToken.None);
                timings[q] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            Array.Sort(timings);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size} | {Percentile(timings, 0.50):F2} | {Percentile(timings, 0.95):F2} | {Percentile(timings, 0.99):F2} | {timings.Average():F2} |"));
        }

        if (storeKind == "postgres")
        {
            await store.ResetAsync(CancellationToken.None);
        }

        await host.StopAsync();
        Directory.Delete(dataDir, recursive: true);
        return 0;
    }

    /// <summary>Through MemoryService.AddAsync (verbatim, 50 messages an add), so the graph is built as in production.</summary>
    internal static async Task LoadThroughEngineAsync(MemoryService memory, SyntheticFacts facts, MemoryScope scope, int size)
    {
        for (var done = 0; done < size; done += 50)
        {
            var turns = Enumerable.Range(0, Math.Min(50, size - done))
                .Select(_ => new ChatTurn("user", facts.Next() + " #" + Guid.NewGuid().ToString("N")[..6]))
                .ToList();
            await memory.AddAsync(new AddMemoryRequest(turns, scope, Infer: false, RecordTurns: false), CancellationToken.None);
        }
    }

    internal static async Task LoadAsync(IMemoryStore store, Embedder embedder, SyntheticFacts facts, IEnumerable<MemoryScope> scopes)
    {
        foreach (var group in scopes.Chunk(500))
        {
            foreach (var byScope in group.GroupBy(s => s.LockKey))
            {
                var scope = byScope.First();
                var texts = byScope.Select((_, i) => facts.Next() + " #" + Guid.NewGuid().ToString("N")[..6]).ToList();
                var vectors = await embedder.EmbedAsync(texts, CancellationToken.None);
                var now = Timestamps.Now(TimeProvider.System);
                var changes = texts.Select((text, i) => (MemoryChange)new InsertMemory(
                    new MemoryRecord(Guid.NewGuid(), text, MemoryHash.Compute(text), MetadataJson.Empty, now.AddTicks(10 * i), now.AddTicks(10 * i), scope.UserId, scope.AgentId, scope.RunId),
                    vectors[i])).ToList();
                await using var writer = await store.OpenWriterAsync(scope, CancellationToken.None);
                await writer.CommitAsync(changes, CancellationToken.None);
            }
        }
    }

    internal static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
