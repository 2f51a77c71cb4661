using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MemoryCore.Engine;
using MemoryCore.Model;

namespace MemoryBench;

/// <summary>Add throughput with N concurrent writers, each adding one verbatim message at a time to a random person of
/// the dataset (so writers rarely share a scope lock), through MemoryService.AddAsync as the API does.</summary>
internal static class ConcurrentWriters
{
    public static async Task RunAsync(MemoryService memory, ScaleDataset dataset, int writers, int writes)
    {
        var people = dataset.Scopes().Select(s => s.UserId).Where(u => u.StartsWith("person-", StringComparison.Ordinal)).ToArray();
        var latencies = new ConcurrentBag<double>();
        var next = -1;
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var facts = new SyntheticFacts(seed: 1000 + w);
            while (Interlocked.Increment(ref next) < writes)
            {
                var scope = MemoryScope.Create(people[random.Next(people.Length)], null, null);
                var text = $"{facts.Next()} (writer {w}, {Guid.NewGuid():N})";
                var one = Stopwatch.GetTimestamp();
                await memory.AddAsync(new AddMemoryRequest([new ChatTurn("user", text)], scope, Infer: false, RecordTurns: false), CancellationToken.None);
                latencies.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
            }
        })));
        var p = Percentiles.Of([.. latencies]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{writers} concurrent writers, {writes} verbatim adds over {people.Length:N0} people: {writes / started.Elapsed.TotalSeconds:F0} adds/s; per add p50 {p.P50:F1} ms, p95 {p.P95:F1} ms, p99 {p.P99:F1} ms"));
    }
}
