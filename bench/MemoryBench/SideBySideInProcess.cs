using System.Diagnostics;
using System.Text.Json;
using MemoryCore.Engine;
using MemoryCore.Graph.Engine;
using MemoryCore.Model;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MemoryBench;

/// <summary>
/// The in-process half of bench/mem0-side-by-side: the same workload (the JSON file bench.mjs writes) through MemoryCore's
/// engine without HTTP, making the calls MemoryApi's routes make (a verbatim add with its graph summary; a search and
/// the response's graph relations). Mem0 OSS runs in-process, so this is the like-for-like figure next to it.
/// Writes one JSON object to --out: p50/p95/p99 in milliseconds for adds and searches.
/// </summary>
internal static class SideBySideInProcess
{
    private const int TopK = 10;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var workload = JsonSerializer.Deserialize<Workload>(File.ReadAllText(args.Get("workload") ?? throw new ArgumentException("--workload FILE is required")), JsonOptions)!;
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:memorydb"] = args.Get("postgres") ?? throw new ArgumentException("--postgres CONNECTION_STRING is required"),
            ["Store:PostgresSchema"] = args.Get("schema", "memory_inprocess"),
            ["Embeddings:Provider"] = "openai",
            ["Embeddings:BaseUrl"] = args.Get("embedder-url") ?? throw new ArgumentException("--embedder-url URL is required"),
            ["Embeddings:Model"] = "fake-embedding",
            ["Embeddings:Dimensions"] = args.Get("dimensions", "384"),
        };
        using var host = await BenchHost.StartAsync(settings);
        var memory = host.Services.GetRequiredService<MemoryService>();

        foreach (var op in workload.WarmupAdds)
        {
            await AddAsync(memory, op);
        }

        foreach (var op in workload.WarmupSearches)
        {
            await SearchAsync(memory, op);
        }

        var adds = new List<double>();
        foreach (var op in workload.Adds)
        {
            adds.Add(await TimeAsync(() => AddAsync(memory, op)));
        }

        await AnalyzeAsync(settings["ConnectionStrings:memorydb"]!);
        var searches = new List<double>();
        var hits = 0;
        var otherUsers = 0;
        foreach (var op in workload.Searches)
        {
            IReadOnlyList<ScoredMemory> found = [];
            searches.Add(await TimeAsync(async () => found = await SearchAsync(memory, op)));
            hits += found.Any(r => r.Memory.Memory == op.Expected) ? 1 : 0;
            otherUsers += found.Any(r => r.Memory.UserId != op.UserId) ? 1 : 0;
        }

        // A file, not stdout: the host's warnings go to the console.
        File.WriteAllText(args.Get("out") ?? throw new ArgumentException("--out FILE is required"), JsonSerializer.Serialize(new
        {
            system = "MemoryCore in-process (no HTTP)",
            add = Stats(adds),
            search = Stats(searches),
            hitAt10 = (double)hits / Math.Max(1, workload.Searches.Count),
            searchesWithOtherUsersMemories = otherUsers,
        }));
        return 0;
    }

    private static async Task AddAsync(MemoryService memory, Operation op) =>
        await memory.AddWithRelationsAsync(
            new AddMemoryRequest([new ChatTurn("user", op.Text!)], MemoryScope.Create(op.UserId, null, null), Infer: false),
            CancellationToken.None);

    /// <summary>One engine call, memories and graph relations, as MemoryApi's search route makes it.</summary>
    private static async Task<IReadOnlyList<ScoredMemory>> SearchAsync(MemoryService memory, Operation op)
    {
        var scope = MemoryScope.Create(op.UserId, null, null);
        return await memory.SearchAsync(new SearchMemoryRequest(op.Query!, scope, Limit: TopK), CancellationToken.None);
    }

    /// <summary>Fresh tables have no planner statistics until autovacuum gets to them (a minute or more); a live
    /// store has them. bench.mjs does the same for MemoryApi's and Mem0's tables.</summary>
    private static async Task AnalyzeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("ANALYZE", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static object Stats(List<double> values)
    {
        values.Sort();
        double At(double q) => values[Math.Clamp((int)Math.Ceiling(q * values.Count) - 1, 0, values.Count - 1)];
        return new { n = values.Count, p50 = At(0.50), p95 = At(0.95), p99 = At(0.99), mean = values.Average() };
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record Operation(string UserId, string? Text, string? Query, string? Expected);

    private sealed record Workload(List<Operation> Adds, List<Operation> Searches, List<Operation> WarmupAdds, List<Operation> WarmupSearches);
}
