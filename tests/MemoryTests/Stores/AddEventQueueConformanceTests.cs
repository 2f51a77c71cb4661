using MemoryCore.Events;
using MemoryCore.Model;
using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Stores;

/// <summary>
/// The add queue's contract, run against both stores (subclasses at the bottom): claims are exclusive under parallel
/// claimers, an expired claim is taken over with a new token, a stale claim can complete nothing (its memory changes
/// roll back with it), retries wait their delay, and a scope's events are claimed in order. Time is a fake clock.
/// </summary>
public abstract class AddEventQueueConformanceTests : FreshStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private IAddEventQueue Queue { get; set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Queue = StoreQueues.Events(Store, Clock);
    }

    private async Task<Guid> EnqueueAsync(MemoryScope scope, string text = "I like tea.")
    {
        var id = Guid.CreateVersion7();
        var request = new MemoryCore.Engine.AddMemoryRequest([new ChatTurn("user", text)], scope, Infer: false);
        await Queue.EnqueueAsync(new NewAddEvent(id, scope, AddEventPayload.Serialize(request), "key:abc", "0af7651916cd43dd8448eb211c80319c"), null, CancellationToken.None);
        return id;
    }

    private Task<ClaimedAddEvent?> ClaimAsync(string worker = "w") => Queue.ClaimAsync(worker, Lease, CancellationToken.None);

    /// <summary>Commits a memory and the event's completion as the engine does, through the scope writer.</summary>
    private async Task CommitAsync(MemoryScope scope, ClaimedAddEvent claimed, string text)
    {
        await using var writer = await Store.OpenWriterAsync(scope, CancellationToken.None);
        await writer.CommitAsync([Insert(scope, text), new CompleteAddEvent(claimed.Id, claimed.Token, """{"results":[]}""", Clock.GetUtcNow())], CancellationToken.None);
    }

    [Fact]
    public async Task An_accepted_event_is_pending_with_its_actor_and_trace_then_running_when_claimed()
    {
        var id = await EnqueueAsync(User("ana"));

        var pending = await Queue.GetAsync(id, CancellationToken.None);
        var claimed = await ClaimAsync();
        var running = await Queue.GetAsync(id, CancellationToken.None);

        Assert.Equal((AddEventStatus.Pending, 0, "key:abc", "0af7651916cd43dd8448eb211c80319c"), (pending!.Status, pending.Attempts, pending.ActorKeyId, pending.TraceId));
        Assert.Equal(User("ana"), pending.Scope);
        Assert.Equal("I like tea.", AddEventPayload.Deserialize(pending.Payload).Messages[0].Content);
        Assert.Equal((id, 1, 1L), (claimed!.Id, claimed.Attempts, claimed.Token));
        Assert.Equal(AddEventStatus.Running, running!.Status);
        Assert.Null(await ClaimAsync());
        Assert.Null(await Queue.GetAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task Parallel_claimers_each_get_a_different_event_and_every_event_is_claimed_once()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await EnqueueAsync(User($"user-{i}")));
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => ClaimAsync($"w{i}"))));

        var claimed = claims.Where(c => c is not null).Select(c => c!.Id).ToList();
        Assert.Equal(12, claimed.Count);
        Assert.Equal(ids.Order(), claimed.Order());
    }

    [Fact]
    public async Task A_scope_s_events_are_claimed_in_the_order_they_were_accepted()
    {
        var first = await EnqueueAsync(User("ana"), "I live in Paris.");
        var second = await EnqueueAsync(User("ana"), "I moved to Rome.");
        var other = await EnqueueAsync(User("bob"));

        var a = await ClaimAsync();
        var b = await ClaimAsync();
        var none = await ClaimAsync();
        await CommitAsync(User("ana"), a!, "I live in Paris.");
        var c = await ClaimAsync();

        Assert.Equal((first, other), (a!.Id, b!.Id));
        Assert.Null(none);
        Assert.Equal(second, c!.Id);
    }

    [Fact]
    public async Task An_expired_claim_is_taken_over_and_the_stale_claim_can_commit_nothing()
    {
        var id = await EnqueueAsync(User("ana"));
        var dead = await ClaimAsync("dead-process");
        Assert.Null(await ClaimAsync("other"));
        Clock.Advance(Lease);

        var reclaimed = await ClaimAsync("restarted");
        var stale = await Assert.ThrowsAsync<AddEventClaimLostException>(() => CommitAsync(User("ana"), dead!, "from the stale claim"));
        await CommitAsync(User("ana"), reclaimed!, "from the current claim");

        Assert.Equal((id, 2L, 2), (reclaimed!.Id, reclaimed.Token, reclaimed.Attempts));
        Assert.Equal(id, stale.EventId);
        var memories = (await Store.ListAsync(User("ana"), null, 10, null, CancellationToken.None)).Items.Select(m => m.Memory);
        Assert.Equal(["from the current claim"], memories);
        var done = await Queue.GetAsync(id, CancellationToken.None);
        Assert.Equal((AddEventStatus.Succeeded, """{"results":[]}"""), (done!.Status, done.Results));
        Assert.NotNull(done.CompletedAt);
        Assert.False(await Queue.RenewAsync(id, dead!.Token, Lease, CancellationToken.None));
        Assert.False(await Queue.FailAsync(id, reclaimed.Token, "too late", CancellationToken.None), "a SUCCEEDED event stays SUCCEEDED");
    }

    [Fact]
    public async Task A_completed_event_cannot_be_completed_again_and_its_second_commit_writes_nothing()
    {
        await EnqueueAsync(User("ana"));
        var claimed = await ClaimAsync();
        await CommitAsync(User("ana"), claimed!, "first");

        await Assert.ThrowsAsync<AddEventClaimLostException>(() => CommitAsync(User("ana"), claimed!, "second"));

        var memories = (await Store.ListAsync(User("ana"), null, 10, null, CancellationToken.None)).Items.Select(m => m.Memory);
        Assert.Equal(["first"], memories);
    }

    [Fact]
    public async Task A_renewed_claim_is_not_taken_over()
    {
        var id = await EnqueueAsync(User("ana"));
        var claimed = await ClaimAsync();
        Clock.Advance(Lease / 2);
        Assert.True(await Queue.RenewAsync(id, claimed!.Token, Lease, CancellationToken.None));
        Clock.Advance(Lease / 2);

        Assert.Null(await ClaimAsync("other"));
    }

    [Fact]
    public async Task A_retried_event_waits_its_delay_keeps_the_reason_and_a_failed_one_is_terminal()
    {
        var id = await EnqueueAsync(User("ana"));
        var first = await ClaimAsync();
        Assert.True(await Queue.RetryLaterAsync(id, first!.Token, "The LLM is unavailable: 503", TimeSpan.FromSeconds(30), CancellationToken.None));

        var waiting = await Queue.GetAsync(id, CancellationToken.None);
        var early = await ClaimAsync();
        Clock.Advance(TimeSpan.FromSeconds(30));
        var second = await ClaimAsync();
        Assert.True(await Queue.FailAsync(id, second!.Token, "Failed after 2 attempts: The LLM is unavailable: 503", CancellationToken.None));
        var failed = await Queue.GetAsync(id, CancellationToken.None);
        Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal((AddEventStatus.Pending, "The LLM is unavailable: 503"), (waiting!.Status, waiting.Error));
        Assert.Null(early);
        Assert.Equal((2, 2L), (second.Attempts, second.Token));
        Assert.Equal((AddEventStatus.Failed, "Failed after 2 attempts: The LLM is unavailable: 503", 2), (failed!.Status, failed.Error, failed.Attempts));
        Assert.True(failed.IsTerminal);
        Assert.Null(await ClaimAsync());
    }

    [Fact]
    public async Task Delete_all_of_a_scope_cancels_its_queued_adds_and_a_running_one_can_no_longer_commit()
    {
        var running = await EnqueueAsync(User("ana", run: "r1"), "I live in Paris.");
        var pending = await EnqueueAsync(User("ana"), "I like tea.");
        var other = await EnqueueAsync(User("bob"));
        var claimed = await ClaimAsync();

        await Store.DeleteScopeAsync(User("ana"), CancellationToken.None);

        await Assert.ThrowsAsync<AddEventClaimLostException>(() => CommitAsync(User("ana", run: "r1"), claimed!, "I live in Paris."));
        Assert.Equal(running, claimed!.Id);
        foreach (var id in (Guid[])[running, pending])
        {
            var cancelled = await Queue.GetAsync(id, CancellationToken.None);
            Assert.Equal(AddEventStatus.Failed, cancelled!.Status);
            Assert.Contains("deleted", cancelled.Error);
        }

        Assert.Equal(AddEventStatus.Pending, (await Queue.GetAsync(other, CancellationToken.None))!.Status);
        Assert.Empty((await Store.ListAsync(User("ana"), null, 10, null, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task A_reset_cancels_every_open_event()
    {
        var id = await EnqueueAsync(User("ana"));

        await Store.ResetAsync(CancellationToken.None);

        Assert.Equal(AddEventStatus.Failed, (await Queue.GetAsync(id, CancellationToken.None))!.Status);
        Assert.Null(await ClaimAsync());
    }

    [Fact]
    public async Task A_failed_event_no_longer_holds_back_its_scope()
    {
        var first = await EnqueueAsync(User("ana"));
        var second = await EnqueueAsync(User("ana"), "I like coffee.");
        var claimed = await ClaimAsync();
        await Queue.FailAsync(first, claimed!.Token, "bad", CancellationToken.None);

        Assert.Equal(second, (await ClaimAsync())!.Id);
    }

    [Fact]
    public async Task A_persons_events_are_listed_in_order_across_scopes_and_statuses_paged_and_nothing_of_another_person()
    {
        var first = await EnqueueAsync(User("ana"));
        await EnqueueAsync(User("bob"), "Bob's secret.");
        var second = await EnqueueAsync(User("ana", "helper", "r1"), "I like coffee.");
        await EnqueueAsync(MemoryScope.Create(null, "helper", null), "The helper speaks Portuguese.");
        var third = await EnqueueAsync(User("ana", "helper"), "I like cocoa.");
        var claimed = await ClaimAsync();
        await Queue.FailAsync(first, claimed!.Token, "bad", CancellationToken.None);

        var page1 = await Queue.ListUserEventsAsync(MemoryScope.DefaultTenant, "ana", 0, 2, CancellationToken.None);
        var page2 = await Queue.ListUserEventsAsync(MemoryScope.DefaultTenant, "ana", page1[^1].Seq, 2, CancellationToken.None);
        var page3 = await Queue.ListUserEventsAsync(MemoryScope.DefaultTenant, "ana", page2[^1].Seq, 2, CancellationToken.None);

        Assert.Equal([first, second, third], page1.Concat(page2).Select(e => e.Event.Id));
        Assert.Empty(page3);
        Assert.Equal(
            [(AddEventStatus.Failed, "bad"), (AddEventStatus.Pending, null), (AddEventStatus.Pending, null)],
            page1.Concat(page2).Select(e => (e.Event.Status, e.Event.Error)));
        Assert.All(page1.Concat(page2), e => Assert.Equal(("ana", "key:abc"), (e.Event.Scope.UserId, e.Event.ActorKeyId)));
        Assert.Equal("I like coffee.", AddEventPayload.Deserialize(page1[1].Event.Payload).Messages[0].Content);
        Assert.Empty(await Queue.ListUserEventsAsync(MemoryScope.DefaultTenant, "carol", 0, 10, CancellationToken.None));
    }
}

public sealed class SqliteAddEventQueueConformanceTests : AddEventQueueConformanceTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresAddEventQueueConformanceTests : AddEventQueueConformanceTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
