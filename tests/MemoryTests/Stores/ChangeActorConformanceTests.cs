using MemoryCore.Model;
using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Stores;

/// <summary>Who did it: every history row a store writes names the key and the trace of the flow that wrote it.</summary>
public abstract class ChangeActorConformanceTests : FreshStoreTests
{
    [Fact]
    public async Task Add_update_delete_and_delete_all_record_the_actor_of_their_flow()
    {
        var scope = User("ana");
        MemoryRecord kept, deleted;
        using (ChangeActorContext.Use(new ChangeActor("key-add", "0af7651916cd43dd8448eb211c80319c")))
        {
            kept = await AddAsync(Store, scope, "I live in Lisbon.");
            deleted = await AddAsync(Store, scope, "I like tea.");
        }

        using (ChangeActorContext.Use(new ChangeActor("key-update", "1bf7651916cd43dd8448eb211c80319c")))
        {
            await using var writer = await Store.OpenWriterAsync(scope, CancellationToken.None);
            await writer.CommitAsync(
                [new UpdateMemory(kept.Id, kept.Memory, "I live in Porto.", MemoryHash.Compute("I live in Porto."), Vector("I live in Porto."), kept.Metadata, NextTime())],
                CancellationToken.None);
        }

        using (ChangeActorContext.Use(new ChangeActor("key-delete", "2cf7651916cd43dd8448eb211c80319c")))
        {
            await using var writer = await Store.OpenWriterAsync(scope, CancellationToken.None);
            await writer.CommitAsync([new DeleteMemory(deleted.Id, deleted.Memory)], CancellationToken.None);
        }

        using (ChangeActorContext.Use(new ChangeActor("key-erase", "3df7651916cd43dd8448eb211c80319c")))
        {
            await Store.DeleteScopeAsync(scope, CancellationToken.None);
        }

        var keptHistory = await Store.GetHistoryAsync(kept.Id, CancellationToken.None);
        Assert.Equal(
            [(MemoryEvent.Add, "key-add", "0af7651916cd43dd8448eb211c80319c"), (MemoryEvent.Update, "key-update", "1bf7651916cd43dd8448eb211c80319c"), (MemoryEvent.Delete, "key-erase", "3df7651916cd43dd8448eb211c80319c")],
            keptHistory.Select(h => (h.Event, h.ActorKeyId, h.TraceId)));
        var deletedHistory = await Store.GetHistoryAsync(deleted.Id, CancellationToken.None);
        Assert.Equal(
            [(MemoryEvent.Add, "key-add"), (MemoryEvent.Delete, "key-delete")],
            deletedHistory.Select(h => (h.Event, h.ActorKeyId)));
    }

    [Fact]
    public async Task Without_an_actor_the_columns_are_null_and_the_previous_actor_comes_back_after_a_scope()
    {
        using (ChangeActorContext.Use(new ChangeActor("outer", null)))
        {
            using (ChangeActorContext.Use(new ChangeActor("inner", null)))
            {
                Assert.Equal("inner", ChangeActorContext.Current.KeyId);
            }

            Assert.Equal("outer", ChangeActorContext.Current.KeyId);
        }

        var written = await AddAsync(Store, User("ana"), "I live in Lisbon.");

        var row = Assert.Single(await Store.GetHistoryAsync(written.Id, CancellationToken.None));
        Assert.Null(row.ActorKeyId);
        Assert.Null(row.TraceId);
    }

    [Fact]
    public async Task A_database_from_before_the_actor_columns_gains_them_at_start_up_and_keeps_its_rows()
    {
        var written = await AddAsync(Store, User("ana"), "I live in Lisbon.");
        await TestStore.QueryAsync("ALTER TABLE {s}memory_history DROP COLUMN actor_key_id");
        await TestStore.QueryAsync("ALTER TABLE {s}memory_history DROP COLUMN trace_id");

        var reopened = TestStore.Create(Identity);
        await reopened.InitializeAsync(CancellationToken.None);
        await reopened.InitializeAsync(CancellationToken.None);

        var row = Assert.Single(await reopened.GetHistoryAsync(written.Id, CancellationToken.None));
        Assert.Equal(("I live in Lisbon.", null, null), (row.NewMemory, row.ActorKeyId, row.TraceId));
        using (ChangeActorContext.Use(new ChangeActor("after-upgrade", null)))
        {
            var later = await AddAsync(reopened, User("ana"), "I like tea.");
            Assert.Equal("after-upgrade", Assert.Single(await reopened.GetHistoryAsync(later.Id, CancellationToken.None)).ActorKeyId);
        }
    }

    [Fact]
    public async Task A_database_from_before_idempotency_user_ids_gains_the_column_and_erasure_then_deletes_the_persons_answers()
    {
        await TestStore.QueryAsync("DROP INDEX {s}idempotency_keys_user");
        await TestStore.QueryAsync("ALTER TABLE {s}idempotency_keys DROP COLUMN user_id");

        var reopened = TestStore.Create(Identity);
        await reopened.InitializeAsync(CancellationToken.None);
        await reopened.InitializeAsync(CancellationToken.None);
        var keys = MemoryCore.Events.StoreQueues.Idempotency(reopened, TimeProvider.System);
        foreach (var (user, key) in new[] { ("ana", "k1"), ("bob", "k2") })
        {
            var idempotencyKey = new MemoryCore.Idempotency.IdempotencyKey("app", key, "fp", user);
            await keys.BeginAsync(idempotencyKey, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), CancellationToken.None);
            await keys.CompleteAsync(idempotencyKey, new MemoryCore.Idempotency.IdempotentAnswer(200, $"{user}'s answer", null), CancellationToken.None);
        }

        await ((IPersonDataStore)reopened).EraseUserAsync(MemoryScope.DefaultTenant, "ana", NextTime(), CancellationToken.None);

        var left = Assert.Single(await TestStore.QueryAsync("SELECT user_id, response_body FROM {s}idempotency_keys"));
        Assert.Equal(("bob", "bob's answer"), ((string)left[0]!, (string)left[1]!));
    }
}

public sealed class SqliteChangeActorConformanceTests : ChangeActorConformanceTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresChangeActorConformanceTests : ChangeActorConformanceTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
