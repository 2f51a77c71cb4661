using System.Diagnostics;
using System.Globalization;
using MemoryCore.Engine;
using MemoryCore.Model;
using MemoryCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryBench;

/// <summary>
/// Server-side add latency (MemoryService.AddAsync, no HTTP): one-message adds, sequential, spread over several
/// people, verbatim (infer = false) and inferred with the offline extractor and reconciler (no LLM). Graph memory
/// as configured (on by default), the hashing embedder. Prints p50 / p95 / p99 in milliseconds.
/// </summary>
internal static class AddLatencyBenchmark
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var storeKind = args.Get("store", "postgres");
        var adds = args.GetInt("adds", 300);
        var people = args.GetInt("people", 20);
        var dataDir = Directory.CreateTempSubdirectory("memory-bench-").FullName;
        var settings = BenchHost.Settings(args, storeKind, dataDir, "hashing");
        using var host = await BenchHost.StartAsync(settings);
        var memory = host.Services.GetRequiredService<MemoryService>();
        var facts = new SyntheticFacts(seed: 11);
        Console.WriteLine($"store={storeKind} adds={adds} people={people} (one message an add, sequential)");
        Console.WriteLine("| add | p50 ms | p95 ms | p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var infer in new[] { false, true })
        {
            var times = new List<double>(adds);
            for (var i = -20; i < adds; i++)
            {
                var request = new AddMemoryRequest(
                    [new ChatTurn("user", string.Create(CultureInfo.InvariantCulture, $"{facts.Next()} (note {i})"))],
                    MemoryScope.Create($"{(infer ? "inferred" : "verbatim")}-{(i + 20) % people}", null, null),
                    Infer: infer);
                var started = Stopwatch.GetTimestamp();
                await memory.AddAsync(request, CancellationToken.None);
                if (i >= 0)
                {
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            var sorted = times.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {(infer ? "inferred (offline)" : "verbatim")} | {P(sorted, 0.5):F2} | {P(sorted, 0.95):F2} | {P(sorted, 0.99):F2} |"));
        }

        if (storeKind == "postgres")
        {
            await host.Services.GetRequiredService<IMemoryStore>().ResetAsync(CancellationToken.None);
        }

        await host.StopAsync();
        Directory.Delete(dataDir, recursive: true);
        return 0;
    }

    private static double P(double[] sorted, double p) => SearchLatencyBenchmark.Percentile(sorted, p);
}
