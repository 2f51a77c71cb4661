using System.Diagnostics;
using System.Globalization;
using MemoryCore.Engine;
using MemoryCore.Extraction;
using MemoryCore.Extraction.Heuristic;
using MemoryCore.Model;
using MemoryCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryBench;

/// <summary>
/// Inferred adds under an LLM's latency: the fact extractor and the reconciler answer like the offline ones after
/// --llm-ms each (a fake LLM). Measures one add alone, N concurrent adds to N different people, and N concurrent adds
/// to the same person; prints wall times, LLM calls and the most LLM calls waiting at once. Server-side (no HTTP).
/// </summary>
internal static class ConcurrentAddBenchmark
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var stores = args.Get("store", "sqlite,postgres").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var latency = TimeSpan.FromMilliseconds(args.GetInt("llm-ms", 300));
        var adds = args.GetInt("adds", 8);
        var rounds = args.GetInt("rounds", 3);
        Console.WriteLine($"fake LLM {latency.TotalMilliseconds:F0} ms a call (extraction + reconciliation = 2 calls an add), {adds} concurrent adds, best and worst of {rounds} rounds");
        Console.WriteLine("| store | scenario | wall ms (best) | wall ms (worst) | LLM calls | most LLM calls at once |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var storeKind in stores)
        {
            await RunStoreAsync(args, storeKind.Trim(), latency, adds, rounds);
        }

        return 0;
    }

    private static async Task RunStoreAsync(BenchArgs args, string storeKind, TimeSpan latency, int adds, int rounds)
    {
        var dataDir = Directory.CreateTempSubdirectory("memory-bench-").FullName;
        var settings = BenchHost.Settings(args, storeKind, dataDir, "hashing");
        var meter = new LlmCallMeter();
        using var host = await BenchHost.StartAsync(settings, services =>
        {
            services.AddSingleton<IFactExtractor>(sp => new SlowFactExtractor(sp.GetRequiredService<HeuristicFactExtractor>(), latency, meter));
            services.AddSingleton<IMemoryReconciler>(sp => new SlowReconciler(sp.GetRequiredService<HeuristicMemoryReconciler>(), latency, meter));
        });
        var memory = host.Services.GetRequiredService<MemoryService>();
        var facts = new SyntheticFacts(seed: 7);
        var round = 0;

        // Each person already has some memories, so reconciliation has candidates to weigh.
        for (var person = 0; person < adds; person++)
        {
            var turns = Enumerable.Range(0, 20).Select(_ => new ChatTurn("user", facts.Next())).ToList();
            await memory.AddAsync(new AddMemoryRequest(turns, Person(person), Infer: false, RecordTurns: false), CancellationToken.None);
        }

        async Task<(double Ms, int Calls, int AtOnce)> MeasureAsync(Func<int, MemoryScope> scopeOf, int count)
        {
            meter.Reset();
            round++;
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
                memory.AddAsync(new AddMemoryRequest([new ChatTurn("user", NewFact(round, i))], scopeOf(i)), CancellationToken.None)));
            return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, meter.Calls, meter.MaxInFlight);
        }

        await MeasureAsync(Person, adds); // warm-up
        await ReportAsync(storeKind, "1 add alone", rounds, () => MeasureAsync(Person, 1));
        await ReportAsync(storeKind, $"{adds} adds, {adds} different people", rounds, () => MeasureAsync(Person, adds));
        await ReportAsync(storeKind, $"{adds} adds, the same person", rounds, () => MeasureAsync(_ => Person(0), adds));

        if (storeKind == "postgres")
        {
            await host.Services.GetRequiredService<IMemoryStore>().ResetAsync(CancellationToken.None);
        }

        await host.StopAsync();
        Directory.Delete(dataDir, recursive: true);
    }

    /// <summary>One new, distinct fact about the speaker (the offline extractor keeps exactly one).</summary>
    private static string NewFact(int round, int i) => string.Create(CultureInfo.InvariantCulture, $"I collect stamps from country number {round * 100 + i}.");

    private static MemoryScope Person(int i) => MemoryScope.Create($"person-{i}", null, null);

    private static async Task ReportAsync(string store, string scenario, int rounds, Func<Task<(double Ms, int Calls, int AtOnce)>> measure)
    {
        var results = new List<(double Ms, int Calls, int AtOnce)>();
        for (var r = 0; r < rounds; r++)
        {
            results.Add(await measure());
        }

        var best = results.MinBy(r => r.Ms);
        var worst = results.MaxBy(r => r.Ms);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {store} | {scenario} | {best.Ms:F0} | {worst.Ms:F0} | {best.Calls}-{worst.Calls} | {results.Max(r => r.AtOnce)} |"));
    }
}
