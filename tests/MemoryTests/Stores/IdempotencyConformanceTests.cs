using MemoryCore.Events;
using MemoryCore.Idempotency;
using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Stores;

/// <summary>The Idempotency-Key records' contract on both stores: one of concurrent duplicates runs, a finished key
/// replays, another request under the key is told apart, a dead holder's key is taken over, keys expire.</summary>
public abstract class IdempotencyConformanceTests : IAsyncLifetime
{
    private static readonly TimeSpan InFlight = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Ttl = TimeSpan.FromHours(24);

    private TestStore? _testStore;

    private FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private IIdempotencyStore Keys { get; set; } = null!;

    protected abstract TestStore CreateTestStore();

    public async ValueTask InitializeAsync()
    {
        _testStore = CreateTestStore();
        var store = _testStore.Create(Identity);
        await store.InitializeAsync(CancellationToken.None);
        Keys = StoreQueues.Idempotency(store, Clock);
    }

    public async ValueTask DisposeAsync()
    {
        if (_testStore is not null)
        {
            await _testStore.DisposeAsync();
        }
    }

    private static IdempotencyKey Key(string fingerprint = "f1", string actor = "key:a", string key = "k-1") => new(actor, key, fingerprint);

    private Task<IdempotencyBegin> BeginAsync(IdempotencyKey key) => Keys.BeginAsync(key, InFlight, Ttl, CancellationToken.None);

    [Fact]
    public async Task Of_concurrent_duplicates_exactly_one_starts_and_the_others_are_in_progress()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => BeginAsync(Key()))));

        Assert.Single(outcomes, o => o.Outcome == IdempotencyOutcome.Started);
        Assert.All(outcomes.Where(o => o.Outcome != IdempotencyOutcome.Started), o => Assert.Equal(IdempotencyOutcome.InProgress, o.Outcome));
    }

    [Fact]
    public async Task A_finished_key_replays_its_answer_and_refuses_another_request()
    {
        Assert.Equal(IdempotencyOutcome.Started, (await BeginAsync(Key())).Outcome);
        await Keys.CompleteAsync(Key(), new IdempotentAnswer(202, """{"event_id":"x"}""", "/events/x"), CancellationToken.None);

        var replay = await BeginAsync(Key());
        var other = await BeginAsync(Key(fingerprint: "f2"));
        var otherCaller = await BeginAsync(Key(actor: "key:b"));

        Assert.Equal((IdempotencyOutcome.Replay, new IdempotentAnswer(202, """{"event_id":"x"}""", "/events/x")), (replay.Outcome, replay.Answer));
        Assert.Equal(IdempotencyOutcome.Mismatch, other.Outcome);
        Assert.Equal(IdempotencyOutcome.Started, otherCaller.Outcome);
    }

    [Fact]
    public async Task An_abandoned_key_runs_again_and_a_dead_holder_s_key_is_taken_over_after_its_lease()
    {
        await BeginAsync(Key());
        await Keys.AbandonAsync(Key(), CancellationToken.None);
        Assert.Equal(IdempotencyOutcome.Started, (await BeginAsync(Key())).Outcome);

        Assert.Equal(IdempotencyOutcome.InProgress, (await BeginAsync(Key())).Outcome);
        Clock.Advance(InFlight);
        Assert.Equal(IdempotencyOutcome.Mismatch, (await BeginAsync(Key(fingerprint: "f2"))).Outcome);
        Assert.Equal(IdempotencyOutcome.Started, (await BeginAsync(Key())).Outcome);
    }

    [Fact]
    public async Task Keys_expire_after_their_ttl_and_are_purged()
    {
        await BeginAsync(Key());
        await Keys.CompleteAsync(Key(), new IdempotentAnswer(200, "{}", null), CancellationToken.None);
        Clock.Advance(Ttl);

        Assert.Equal(1, await Keys.PurgeExpiredAsync(CancellationToken.None));
        Assert.Equal(IdempotencyOutcome.Started, (await BeginAsync(Key(fingerprint: "f2"))).Outcome);
    }
}

public sealed class SqliteIdempotencyConformanceTests : IdempotencyConformanceTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresIdempotencyConformanceTests : IdempotencyConformanceTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
