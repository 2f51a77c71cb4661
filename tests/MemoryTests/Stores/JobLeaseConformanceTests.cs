using MemoryCore.Jobs;
using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Stores;

/// <summary>
/// The job lease and checkpoint contract, run against both stores (subclasses at the bottom). Time is a fake clock,
/// so expiry is reached by moving it, never by waiting.
/// </summary>
public abstract class JobLeaseConformanceTests : FreshStoreTests
{
    private const string Job = "distillation";
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    private protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 6, 10, 3, 0, 0, TimeSpan.Zero));

    private protected IJobLeaseStore Leases { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Leases = JobLeaseStores.For(Store, Clock);
    }

    private Task<LeaseResult> AcquireAsync(string holder, string job = Job) => Leases.TryAcquireAsync(job, holder, Ttl, CancellationToken.None);

    [Fact]
    public async Task A_free_lease_is_granted_and_a_held_one_is_refused_naming_its_holder()
    {
        var first = await AcquireAsync("worker-a");
        var second = await AcquireAsync("worker-b");

        Assert.True(first.Succeeded);
        Assert.Equal(new JobLease(Job, "worker-a", 1, Clock.GetUtcNow(), Clock.GetUtcNow() + Ttl), first.Lease);
        Assert.False(second.Succeeded);
        Assert.Equal(first.Lease, second.Lease);
        Assert.True((await AcquireAsync("worker-b", "another-job")).Succeeded, "jobs are independent");
    }

    [Fact]
    public async Task Parallel_acquirers_of_a_free_lease_let_exactly_one_in()
    {
        var results = await AcquireInParallelAsync(16);

        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.Equal(1, winner.Lease!.Token);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(winner.Lease.Holder, r.Lease?.Holder));
    }

    [Fact]
    public async Task Parallel_acquirers_of_an_expired_lease_let_exactly_one_in_with_the_next_token()
    {
        await AcquireAsync("crashed");
        Clock.Advance(Ttl);

        var results = await AcquireInParallelAsync(16);

        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.Equal(2, winner.Lease!.Token);
        Assert.NotEqual("crashed", winner.Lease.Holder);
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_with_a_higher_token_and_the_stale_holder_is_fenced()
    {
        var stale = (await AcquireAsync("worker-a")).Lease!;
        Assert.True((await Leases.WriteCheckpointAsync(Job, "worker-a", stale.Token, 10, CancellationToken.None)).Succeeded);
        Clock.Advance(Ttl - TimeSpan.FromSeconds(1));
        Assert.False((await AcquireAsync("worker-b")).Succeeded, "not expired yet");

        Clock.Advance(TimeSpan.FromSeconds(1));
        var takeover = await AcquireAsync("worker-b");

        Assert.True(takeover.Succeeded);
        Assert.True(takeover.Lease!.Token > stale.Token);
        var write = await Leases.WriteCheckpointAsync(Job, "worker-a", stale.Token, 99, CancellationToken.None);
        Assert.False(write.Succeeded);
        Assert.Equal(10, write.Checkpoint.Watermark);
        Assert.Equal(takeover.Lease, write.CurrentLease);
        Assert.False((await Leases.RenewAsync(Job, "worker-a", stale.Token, Ttl, CancellationToken.None)).Succeeded);
        Assert.False((await Leases.ReleaseAsync(Job, "worker-a", stale.Token, CancellationToken.None)).Succeeded);
        Assert.Equal(10, (await Leases.GetCheckpointAsync(Job, CancellationToken.None)).Watermark);
        Assert.True((await Leases.WriteCheckpointAsync(Job, "worker-b", takeover.Lease.Token, 20, CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task The_holder_renews_and_its_checkpoint_is_read_back()
    {
        Assert.Equal(new JobCheckpoint(Job, null, null), await Leases.GetCheckpointAsync(Job, CancellationToken.None));
        var lease = (await AcquireAsync("worker-a")).Lease!;

        Clock.Advance(TimeSpan.FromMinutes(4));
        var renewed = await Leases.RenewAsync(Job, "worker-a", lease.Token, Ttl, CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(4));
        var written = await Leases.WriteCheckpointAsync(Job, "worker-a", lease.Token, 42, CancellationToken.None);

        Assert.True(renewed.Succeeded);
        Assert.Equal(lease with { ExpiresAt = Clock.GetUtcNow() - TimeSpan.FromMinutes(4) + Ttl }, renewed.Lease);
        Assert.False((await AcquireAsync("worker-b")).Succeeded, "the renewal kept it");
        Assert.True(written.Succeeded);
        Assert.Equal(new JobCheckpoint(Job, 42, Clock.GetUtcNow()), written.Checkpoint);
        Assert.Equal(written.Checkpoint, await Leases.GetCheckpointAsync(Job, CancellationToken.None));
    }

    [Fact]
    public async Task An_expired_lease_nobody_took_is_still_its_holders_generation()
    {
        var lease = (await AcquireAsync("worker-a")).Lease!;
        Clock.Advance(Ttl * 2);

        Assert.True((await Leases.WriteCheckpointAsync(Job, "worker-a", lease.Token, 7, CancellationToken.None)).Succeeded);
        Assert.True((await Leases.RenewAsync(Job, "worker-a", lease.Token, Ttl, CancellationToken.None)).Succeeded);
        Assert.False((await AcquireAsync("worker-b")).Succeeded);
    }

    [Fact]
    public async Task Release_frees_the_lease_twice_without_error_and_fences_the_releaser()
    {
        var lease = (await AcquireAsync("worker-a")).Lease!;

        var released = await Leases.ReleaseAsync(Job, "worker-a", lease.Token, CancellationToken.None);
        var again = await Leases.ReleaseAsync(Job, "worker-a", lease.Token, CancellationToken.None);

        Assert.True(released.Succeeded);
        Assert.Null(released.Lease!.ExpiresAt);
        Assert.True(again.Succeeded);
        Assert.False((await Leases.WriteCheckpointAsync(Job, "worker-a", lease.Token, 5, CancellationToken.None)).Succeeded);
        Assert.False((await Leases.RenewAsync(Job, "worker-a", lease.Token, Ttl, CancellationToken.None)).Succeeded);
        var next = await AcquireAsync("worker-b");
        Assert.True(next.Succeeded);
        Assert.Equal(lease.Token + 1, next.Lease!.Token);
        Assert.False((await Leases.ReleaseAsync(Job, "worker-a", lease.Token, CancellationToken.None)).Succeeded, "a stale holder cannot release its successor's lease");
    }

    [Fact]
    public async Task The_same_holder_acquiring_again_gets_a_new_generation_and_its_old_token_is_fenced()
    {
        var first = (await AcquireAsync("worker-a")).Lease!;
        var second = await AcquireAsync("worker-a");

        Assert.True(second.Succeeded);
        Assert.Equal(first.Token + 1, second.Lease!.Token);
        Assert.False((await Leases.WriteCheckpointAsync(Job, "worker-a", first.Token, 1, CancellationToken.None)).Succeeded);
        Assert.True((await Leases.WriteCheckpointAsync(Job, "worker-a", second.Lease.Token, 1, CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task Leases_and_checkpoints_survive_a_reset_and_a_restart()
    {
        var lease = (await AcquireAsync("worker-a")).Lease!;
        await Leases.WriteCheckpointAsync(Job, "worker-a", lease.Token, 42, CancellationToken.None);

        await Store.ResetAsync(CancellationToken.None);
        var reopened = TestStore.Create(Identity);
        await reopened.InitializeAsync(CancellationToken.None);
        var leases = JobLeaseStores.For(reopened, Clock);

        Assert.Equal(42, (await leases.GetCheckpointAsync(Job, CancellationToken.None)).Watermark);
        Assert.Equal(lease, (await leases.TryAcquireAsync(Job, "worker-b", Ttl, CancellationToken.None)).Lease);
    }

    /// <summary>Every acquirer waits on one gate (without blocking a thread), so all statements are in flight together.</summary>
    private async Task<LeaseResult[]> AcquireInParallelAsync(int count)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, count).Select(async i =>
        {
            await start.Task;
            return await AcquireAsync($"worker-{i}");
        }).ToArray();
        start.SetResult();
        return await Task.WhenAll(attempts);
    }
}

public sealed class SqliteJobLeaseConformanceTests : JobLeaseConformanceTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresJobLeaseConformanceTests : JobLeaseConformanceTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
