using DistillationWorker.Pass;

namespace DistillationWorker.Tests.Integration;

/// <summary>Passes of the real worker against the real MemoryApi (embedded SQLite), seeded through POST /memories.</summary>
public sealed class DistillationAgainstMemoryApiTests : IAsyncLifetime
{
    private MemoryApiHost _memoryApi = null!;
    private WorkerHost _worker = null!;
    private HttpClient _api = null!;

    public ValueTask InitializeAsync()
    {
        _memoryApi = new MemoryApiHost();
        _worker = new WorkerHost(_memoryApi);
        _api = _memoryApi.CreateAuthorizedClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _worker.DisposeAsync();
        await _memoryApi.DisposeAsync();
    }

    /// <summary>ana swims in 3 runs, bob plays chess in 3 runs; each mentions the guitar in only 2 runs.</summary>
    private async Task SeedTwoPeopleAsync()
    {
        await _api.SeedAsync("ana", "a1", "I went swimming at the lake this afternoon.");
        await _api.SeedAsync("ana", "a2", "Swimming lessons were hard but I kept going.");
        await _api.SeedAsync("ana", "a3", "I want to go swimming with my sister.");
        await _api.SeedAsync("ana", "a4", "I tried my guitar.");
        await _api.SeedAsync("ana", "a5", "The guitar is out of tune.");
        await _api.SeedAsync("bob", "b1", "I played chess with grandpa.");
        await _api.SeedAsync("bob", "b2", "Chess club was loud.");
        await _api.SeedAsync("bob", "b3", "I won at chess!");
        await _api.SeedAsync("bob", "b4", "My guitar string broke.");
        await _api.SeedAsync("bob", "b5", "New guitar strings.", agentId: "music-coach");
    }

    [Fact]
    public async Task A_pass_writes_patterns_under_the_distillation_agent_and_a_second_pass_writes_nothing()
    {
        await SeedTwoPeopleAsync();

        var first = await _worker.RunPassAsync();

        Assert.Equal(PassStatus.Completed, first.Status);
        Assert.Equal(2, first.People);
        Assert.Equal(0, first.Failures);
        Assert.True(first.TurnsRead >= 20, $"turns read: {first.TurnsRead}");
        Assert.True(first.PatternsWritten >= 2, $"patterns written: {first.PatternsWritten}");
        Assert.True(first.WatermarkAfter > first.WatermarkBefore);

        var ana = await _api.DistilledAsync("ana");
        var swimming = Assert.Single(ana, m => m.GetProperty("memory").GetString() == "Recurring topic: swimming.");
        Assert.Equal("distillation", swimming.GetProperty("agent_id").GetString());
        Assert.Equal("ana", swimming.GetProperty("user_id").GetString());
        Assert.Equal("distillation", swimming.GetProperty("metadata").GetProperty("source").GetString());
        Assert.Equal("distillation", swimming.GetProperty("metadata").GetProperty("role").GetString());
        Assert.Equal(3, swimming.GetProperty("metadata").GetProperty("conversations").GetInt32());
        Assert.Contains("Recurring topic: chess.", await _api.DistilledTextsAsync("bob"));

        // The worker's own writes were not recorded as turns, so nothing is new for the next pass.
        var ownTurns = await _api.GetJsonAsync("/turns?user_id=ana&agent_id=distillation");
        Assert.Empty(ownTurns.GetProperty("results").EnumerateArray());

        var anaBefore = await _api.DistilledTextsAsync("ana");
        var bobBefore = await _api.DistilledTextsAsync("bob");
        var second = await _worker.RunPassAsync();

        Assert.Equal(PassStatus.Completed, second.Status);
        Assert.Equal(0, second.Scopes);
        Assert.Equal(0, second.PatternsWritten);
        Assert.Equal(first.WatermarkAfter, second.WatermarkAfter);
        Assert.Equal(anaBefore, await _api.DistilledTextsAsync("ana"));
        Assert.Equal(bobBefore, await _api.DistilledTextsAsync("bob"));
    }

    [Fact]
    public async Task New_turns_or_a_rewound_checkpoint_re_distil_without_duplicates()
    {
        await SeedTwoPeopleAsync();
        var first = await _worker.RunPassAsync();
        var anaBefore = await _api.DistilledTextsAsync("ana");

        await _api.SeedAsync("ana", "a6", "Swimming again tomorrow.");
        var afterNewTurn = await _worker.RunPassAsync();

        Assert.Equal(PassStatus.Completed, afterNewTurn.Status);
        Assert.Equal(1, afterNewTurn.People);
        Assert.Equal(0, afterNewTurn.PatternsWritten);
        Assert.True(afterNewTurn.DuplicatesSkipped >= 1);
        Assert.True(afterNewTurn.WatermarkAfter > first.WatermarkAfter);

        await _api.SetCheckpointAsync(0);
        var fromScratch = await _worker.RunPassAsync();

        Assert.Equal(PassStatus.Completed, fromScratch.Status);
        Assert.Equal(2, fromScratch.People);
        Assert.Equal(0, fromScratch.PatternsWritten);
        Assert.Equal(anaBefore, await _api.DistilledTextsAsync("ana"));
    }

    [Fact]
    public async Task Memories_of_other_users_never_reach_a_persons_patterns()
    {
        await SeedTwoPeopleAsync();

        await _worker.RunPassAsync();

        // Together ana and bob mention the guitar in 4 runs; each alone in 2, below the threshold of 3.
        var ana = await _api.DistilledTextsAsync("ana");
        var bob = await _api.DistilledTextsAsync("bob");
        Assert.DoesNotContain(ana, t => t.Contains("guitar", StringComparison.OrdinalIgnoreCase) || t.Contains("chess", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(bob, t => t.Contains("guitar", StringComparison.OrdinalIgnoreCase) || t.Contains("swim", StringComparison.OrdinalIgnoreCase));
        Assert.All(await _api.DistilledAsync("ana"), m => Assert.Equal("ana", m.GetProperty("user_id").GetString()));
    }

    [Fact]
    public async Task A_failed_person_keeps_the_watermark_and_the_next_pass_catches_up()
    {
        await SeedTwoPeopleAsync();
        _worker.Fault = request => request.RequestUri!.Query.Contains("user_id=bob", StringComparison.Ordinal) && request.RequestUri.AbsolutePath == "/turns"
            ? new HttpResponseMessage(System.Net.HttpStatusCode.BadRequest)
            : null;

        var failed = await _worker.RunPassAsync();

        Assert.Equal(PassStatus.Failed, failed.Status);
        Assert.Equal(1, failed.Failures);
        Assert.Equal(0, failed.WatermarkAfter);
        Assert.Null(await _api.CheckpointAsync());
        Assert.Contains("Recurring topic: swimming.", await _api.DistilledTextsAsync("ana"));
        Assert.Empty(await _api.DistilledTextsAsync("bob"));

        _worker.Fault = null;
        var retried = await _worker.RunPassAsync();

        Assert.Equal(PassStatus.Completed, retried.Status);
        Assert.True(retried.WatermarkAfter > 0);
        Assert.True(retried.DuplicatesSkipped >= 1, "ana's patterns are skipped as duplicates");
        Assert.Contains("Recurring topic: chess.", await _api.DistilledTextsAsync("bob"));
        Assert.Single(await _api.DistilledTextsAsync("ana"), t => t == "Recurring topic: swimming.");
    }
}
