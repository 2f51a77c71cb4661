using System.Net;
using System.Text.Json;
using DistillationWorker.Checkpoint;
using DistillationWorker.Pass;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DistillationWorker.Tests.Integration;

/// <summary>
/// "One pass at a time" and the checkpoint across worker instances: two real workers (two hosts, two instance ids)
/// against one real MemoryApi, which holds the lease and the checkpoint. Passes are held at a chosen request with a
/// gate, and MemoryApi's clock (lease expiry) and the worker's clock (renewals) are fakes moved by the test.
/// </summary>
public sealed class LeaseAcrossWorkersTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _apiClock = new(DateTimeOffset.UtcNow);
    private readonly List<WorkerHost> _workers = [];
    private MemoryApiHost _memoryApi = null!;
    private HttpClient _api = null!;

    public ValueTask InitializeAsync()
    {
        _memoryApi = new MemoryApiHost(_apiClock);
        _api = _memoryApi.CreateAuthorizedClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        await _memoryApi.DisposeAsync();
    }

    private WorkerHost Worker(string instanceId, int leaseTtlSeconds = 300, TimeProvider? clock = null)
    {
        var worker = new WorkerHost(
            _memoryApi,
            new Dictionary<string, string?> { ["Distillation:InstanceId"] = instanceId, ["Distillation:LeaseTtlSeconds"] = $"{leaseTtlSeconds}" },
            clock is null ? null : services => services.AddSingleton(clock));
        _workers.Add(worker);
        return worker;
    }

    private async Task SeedAsync()
    {
        await _api.SeedAsync("ana", "a1", "I went swimming at the lake.");
        await _api.SeedAsync("ana", "a2", "Swimming lessons were hard.");
        await _api.SeedAsync("ana", "a3", "I want to go swimming again.");
        await _api.SeedAsync("bob", "b1", "I played chess with grandpa.");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> TriggerAsync(WorkerHost worker)
    {
        using var client = worker.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", MemoryApiHost.AppKey);
        using var response = await client.PostAsync("/distill/run", null, TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone());
    }

    [Fact]
    public async Task Two_workers_triggered_together_run_one_pass_and_the_other_answers_busy()
    {
        await SeedAsync();
        var workerA = Worker("worker-a");
        var workerB = Worker("worker-b");
        // Whichever pass gets the lease is held once it asks for the changed scopes; a second pass getting that far
        // would mean both held the lease, so it is counted and not held.
        var gate = new PassGate("/turns/scopes");
        workerA.BeforeSend = gate.HoldFirstAsync;
        workerB.BeforeSend = gate.HoldFirstAsync;

        var a = TriggerAsync(workerA);
        var b = TriggerAsync(workerB);
        await gate.Entered.WaitAsync(TestContext.Current.CancellationToken);
        var loserTask = await Task.WhenAny(a, b);
        gate.Open();
        var winnerTask = loserTask == a ? b : a;
        var (loser, winner) = (await loserTask, await winnerTask);

        Assert.Equal(1, gate.Entries);
        Assert.Equal((HttpStatusCode.Conflict, "busy"), (loser.Status, loser.Body.GetProperty("status").GetString()));
        Assert.Equal((HttpStatusCode.OK, "completed"), (winner.Status, winner.Body.GetProperty("status").GetString()));
        var winnerId = winnerTask == a ? "worker-a/" : "worker-b/";
        Assert.Contains($"'{winnerId}", loser.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(winner.Body.GetProperty("watermark_after").GetInt64(), await _api.CheckpointAsync());
        Assert.Single(await _api.DistilledTextsAsync("ana"), t => t == "Recurring topic: swimming.");
    }

    [Fact]
    public async Task A_pass_on_another_worker_after_the_first_adds_nothing()
    {
        await SeedAsync();
        var first = await Worker("worker-a").RunPassAsync();
        var anaBefore = await _api.DistilledTextsAsync("ana");

        var second = await Worker("worker-b").RunPassAsync();

        Assert.Equal(PassStatus.Completed, first.Status);
        Assert.True(first.PatternsWritten >= 1);
        Assert.Equal(PassStatus.Completed, second.Status);
        Assert.Equal(first.WatermarkAfter, second.WatermarkBefore);
        Assert.Equal(first.WatermarkAfter, second.WatermarkAfter);
        Assert.Equal((0, 0, 0), (second.Scopes, second.TurnsRead, second.PatternsWritten));
        Assert.Equal(anaBefore, await _api.DistilledTextsAsync("ana"));
    }

    [Fact]
    public async Task A_pass_whose_expired_lease_was_taken_over_cannot_write_its_checkpoint()
    {
        await SeedAsync();
        var worker = Worker("worker-a");
        var gate = new PassGate("/turns");
        worker.BeforeSend = gate.HoldFirstAsync;

        var pass = worker.RunPassAsync();
        await gate.Entered.WaitAsync(TestContext.Current.CancellationToken);
        _apiClock.Advance(TimeSpan.FromSeconds(301));
        await _api.AcquireLeaseAsync("intruder");
        gate.Open();
        var result = await pass;

        Assert.Equal(PassStatus.Failed, result.Status);
        Assert.Contains("lost its lease", result.Error, StringComparison.Ordinal);
        Assert.Contains("intruder", result.Error, StringComparison.Ordinal);
        Assert.Null(await _api.CheckpointAsync());
        await AssertHeldByAsync("intruder");
    }

    [Fact]
    public async Task A_renewal_refused_after_a_takeover_stops_the_pass_where_it_is()
    {
        await SeedAsync();
        var workerClock = new FakeTimeProvider(_apiClock.GetUtcNow());
        var worker = Worker("worker-a", leaseTtlSeconds: 15, clock: workerClock);
        var gate = new PassGate("/turns");
        worker.BeforeSend = gate.HoldFirstAsync;

        var pass = worker.RunPassAsync();
        await gate.Entered.WaitAsync(TestContext.Current.CancellationToken);
        _apiClock.Advance(TimeSpan.FromSeconds(16));
        await _api.AcquireLeaseAsync("intruder");
        // The renewal timer was set when the lease was taken, before the held request: one step fires it. The gate
        // is never opened: the refused renewal cancels the held request.
        workerClock.Advance(TimeSpan.FromSeconds(5));
        var result = await pass;

        Assert.Equal(PassStatus.Failed, result.Status);
        Assert.Contains("intruder", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, result.TurnsRead);
        Assert.Null(await _api.CheckpointAsync());
        Assert.Empty(await _api.DistilledTextsAsync("ana"));
        await AssertHeldByAsync("intruder");
    }

    [Fact]
    public async Task A_legacy_state_file_seeds_an_empty_checkpoint_once()
    {
        await SeedAsync();
        var maxSeq = (await _api.GetJsonAsync("/turns/scopes?after_seq=0")).GetProperty("max_seq").GetInt64();
        var worker = Worker("worker-a");
        var legacy = Path.Combine(worker.DataDir, LegacyStateFile.FileName);
        await File.WriteAllTextAsync(legacy, $$"""{ "watermark": {{maxSeq}}, "advanced_at": null }""", TestContext.Current.CancellationToken);

        var seeded = await worker.RunPassAsync();
        await File.WriteAllTextAsync(legacy, """{ "watermark": 0 }""", TestContext.Current.CancellationToken);
        var next = await worker.RunPassAsync();

        Assert.Equal(PassStatus.Completed, seeded.Status);
        Assert.Equal((maxSeq, maxSeq, 0), (seeded.WatermarkBefore, seeded.WatermarkAfter, seeded.Scopes));
        Assert.Equal(maxSeq, next.WatermarkBefore);
        Assert.Equal(maxSeq, await _api.CheckpointAsync());
        Assert.Empty(await _api.DistilledTextsAsync("ana"));
    }

    private async Task AssertHeldByAsync(string holder)
    {
        using var response = await _api.PostAsync(
            "/jobs/distillation/lease", new StringContent("""{"holder":"probe","ttl_seconds":60}""", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(holder, body.GetProperty("holder").GetString());
    }
}
