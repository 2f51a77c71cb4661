using System.Net;
using System.Text.Json;
using MemoryTests.Api;
using MemoryTests.Fakes;
using MemoryTests.Infrastructure;

namespace MemoryTests.Crash;

/// <summary>
/// Exactly once through kill -9, on both stores: MemoryApi runs as a separate process; it accepts 500 asynchronous adds
/// (verbatim, distinct texts, over 25 users); it is killed with SIGKILL twice while events are RUNNING (the embedder, a fake
/// OpenAI server in this process, takes 30 ms per call, so workers are mid-event at any moment); it is started again each time, and
/// every accepted event must end SUCCEEDED exactly once: 500 memories with the expected texts, one ADD history row and
/// one recorded conversation turn per event (turns are appended without any de-duplication, so an event applied twice
/// would show), and each event's results naming the memory its text became.
/// </summary>
public abstract class KillNineAsyncAddTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Adds = 500;
    private const int Users = 25;

    private TestStore? _store;

    protected abstract TestStore CreateTestStore();

    public ValueTask InitializeAsync()
    {
        _store = CreateTestStore();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    private static string Text(int i) => $"Crash test note number {i}: keep me exactly once.";

    [Fact]
    public async Task Every_accepted_async_add_is_applied_exactly_once_across_a_kill_9_and_restart()
    {
        await using var embedder = await FakeOpenAiServer.StartAsync();
        embedder.EmbeddingDelay = TimeSpan.FromMilliseconds(30);
        var database = new CrashDatabase(_store!);
        var environment = new Dictionary<string, string>(database.Settings)
        {
            ["MEMORY_API_KEY"] = MemoryApiFactory.AppKey,
            ["Embeddings__Provider"] = "openai",
            ["Embeddings__Model"] = "fake-embedding",
            ["Embeddings__BaseUrl"] = embedder.BaseUrl.ToString(),
            ["Embeddings__ApiKey"] = "unused",
            ["Embeddings__Dimensions"] = "64",
            ["GRAPH_STORE_PROVIDER"] = "none",
            ["Events__Workers"] = "8",
            ["Events__LeaseSeconds"] = "3",
            ["Events__PollMilliseconds"] = "100",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", MemoryApiFactory.AppKey);

        // Two lives, each ended by SIGKILL once more events are done and workers are mid-event; then a last one finishes.
        var accepted = new Dictionary<Guid, int>();
        var runningAtKills = 0L;
        foreach (var killAt in (int[])[Adds / 4, Adds * 3 / 5])
        {
            await using var process = new MemoryApiProcess(environment);
            await process.StartAsync(http, TimeSpan.FromSeconds(60));
            if (accepted.Count == 0)
            {
                accepted = await AcceptAllAsync(http, process.BaseAddress);
                Assert.Equal(Adds, accepted.Count);
            }

            var atKill = await WaitForAsync(database, c => c.GetValueOrDefault("SUCCEEDED") >= killAt && c.GetValueOrDefault("RUNNING") > 0, process);
            await process.KillAsync();
            var afterKill = await database.StatusCountsAsync();
            output.WriteLine($"[{_store!.Name}] just before SIGKILL {Format(atKill)}; as the killed process left it {Format(afterKill)}");
            Assert.True(afterKill.GetValueOrDefault("RUNNING") > 0, $"no event was RUNNING when the process died: {Format(afterKill)}");
            Assert.True(afterKill.GetValueOrDefault("SUCCEEDED") < Adds, "the process finished everything before it was killed");
            runningAtKills += afterKill.GetValueOrDefault("RUNNING");
        }

        await using var last = new MemoryApiProcess(environment);
        await last.StartAsync(http, TimeSpan.FromSeconds(60));
        var final = await WaitForAsync(database, c => c.GetValueOrDefault("PENDING") + c.GetValueOrDefault("RUNNING") == 0, last);
        output.WriteLine($"[{_store!.Name}] accepted {accepted.Count}; events RUNNING in killed processes, summed over the 2 kills: {runningAtKills}");

        await VerifyExactlyOnceAsync(database, accepted, final);
    }

    private static async Task<Dictionary<string, long>> WaitForAsync(CrashDatabase database, Func<Dictionary<string, long>, bool> done, MemoryApiProcess process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var counts = await database.StatusCountsAsync();
            if (done(counts))
            {
                return counts;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no progress: {Format(counts)}\n{process.Tail}");
            await Task.Delay(20);
        }
    }

    private static async Task<Dictionary<Guid, int>> AcceptAllAsync(HttpClient http, Uri baseAddress)
    {
        var accepted = new System.Collections.Concurrent.ConcurrentDictionary<Guid, int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Adds), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
        {
            var response = await http.PostJsonAsync(
                new Uri(baseAddress, "/memories?async=true").ToString(),
                new { messages = Text(i), user_id = $"crash-user-{i % Users}", infer = false });
            var body = await response.ReadJsonAsync(HttpStatusCode.Accepted);
            accepted[Guid.Parse(body.Str("event_id"))] = i;
        });
        return new Dictionary<Guid, int>(accepted);
    }

    private async Task VerifyExactlyOnceAsync(CrashDatabase database, Dictionary<Guid, int> accepted, Dictionary<string, long> final)
    {
        var memories = (await database.QueryAsync("SELECT id, memory FROM {t}memories"))
            .Select(r => (Id: Guid.Parse(r[0]!.ToString()!), Text: (string)r[1]!)).ToList();
        var addRows = await database.QueryAsync("SELECT memory_id FROM {t}memory_history WHERE event = 'ADD'");
        var turns = await database.CountAsync("SELECT COUNT(*) FROM {t}conversation_turns");
        var events = await database.QueryAsync("SELECT id, status, results, attempts FROM {t}memory_events");
        var reclaimed = events.Count(e => Convert.ToInt32(e[3], System.Globalization.CultureInfo.InvariantCulture) > 1);
        output.WriteLine(
            $"[{_store!.Name}] after restart: {Format(final)}; memories {memories.Count} ({memories.Select(m => m.Text).Distinct().Count()} distinct texts); " +
            $"ADD history rows {addRows.Count}; conversation turns {turns}; events taken over from the dead process {reclaimed}");

        Assert.Equal(Adds, final.GetValueOrDefault("SUCCEEDED"));
        Assert.Equal(Adds, events.Count);
        Assert.Equal(Enumerable.Range(0, Adds).Select(Text).Order(StringComparer.Ordinal), memories.Select(m => m.Text).Order(StringComparer.Ordinal));
        Assert.Equal(memories.Select(m => m.Id).Order(), addRows.Select(r => Guid.Parse(r[0]!.ToString()!)).Order());
        Assert.Equal(Adds, turns);
        Assert.True(reclaimed > 0, "no event was taken over after the restart");

        var memoryByText = memories.ToDictionary(m => m.Text, m => m.Id);
        foreach (var row in events)
        {
            var id = Guid.Parse(row[0]!.ToString()!);
            var results = JsonDocument.Parse((string)row[2]!).RootElement.GetProperty("results");
            var only = Assert.Single(results.EnumerateArray());
            Assert.Equal(("ADD", Text(accepted[id])), (only.Str("event"), only.Str("memory")));
            Assert.Equal(memoryByText[Text(accepted[id])], Guid.Parse(only.Str("id")));
        }
    }

    private static string Format(Dictionary<string, long> counts) =>
        string.Join(", ", new[] { "PENDING", "RUNNING", "SUCCEEDED", "FAILED" }.Select(s => $"{s} {counts.GetValueOrDefault(s)}"));
}

public sealed class SqliteKillNineAsyncAddTests(ITestOutputHelper output) : KillNineAsyncAddTests(output)
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresKillNineAsyncAddTests(ITestOutputHelper output) : KillNineAsyncAddTests(output)
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
