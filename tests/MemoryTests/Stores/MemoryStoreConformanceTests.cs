using MemoryCore;
using MemoryCore.Model;
using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Stores;

/// <summary>
/// One behavioural contract, run against every store (see the subclasses at the bottom).
/// Each test gets its own empty store.
/// </summary>
public abstract class MemoryStoreConformanceTests : FreshStoreTests
{
    [Fact]
    public async Task Round_trips_every_field()
    {
        var scope = User("ana", "helper", "r1");
        var written = await AddAsync(Store, scope, "I don't like being touched on the shoulder.", new { source = "chat", weight = 2.5, tags = new[] { "touch" } });

        var read = await Store.GetAsync(written.Id, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(written.Memory, read.Memory);
        Assert.Equal(written.Hash, read.Hash);
        Assert.Equal(written.CreatedAt, read.CreatedAt);
        Assert.Equal(written.UpdatedAt, read.UpdatedAt);
        Assert.Equal(("ana", "helper", "r1"), (read.UserId, read.AgentId, read.RunId));
        Assert.Equal("chat", read.Metadata["source"].GetString());
        Assert.Equal(2.5, read.Metadata["weight"].GetDouble());
        Assert.Equal("touch", read.Metadata["tags"][0].GetString());
        Assert.Null(await Store.GetAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task Writes_an_ADD_history_row_in_the_same_commit()
    {
        var written = await AddAsync(Store, User("ana"), "I live in Lisbon.");

        var history = await Store.GetHistoryAsync(written.Id, CancellationToken.None);

        var row = Assert.Single(history);
        Assert.Equal((MemoryEvent.Add, null, "I live in Lisbon."), (row.Event, row.OldMemory, row.NewMemory));
        Assert.Equal(written.Id, row.MemoryId);
    }

    [Fact]
    public async Task Search_is_scoped_and_ranks_the_closest_first()
    {
        await AddAsync(Store, User("ana"), "My favourite food is grilled sardines.");
        await AddAsync(Store, User("ana"), "I work at the library on Mondays.");
        await AddAsync(Store, User("ana", run: "r1"), "My sister Anna lives in Oslo.");
        await AddAsync(Store, User("bob"), "My sister Anna lives in Oslo.");

        var results = await Store.SearchAsync(User("ana"), Vector("where does my sister Anna live"), null, 10, CancellationToken.None);

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal("ana", r.Memory.UserId));
        Assert.Equal("My sister Anna lives in Oslo.", results[0].Memory.Memory);
        Assert.True(results.Zip(results.Skip(1)).All(p => p.First.Score >= p.Second.Score), "results are best first");
        Assert.All(results, r => Assert.InRange(r.Score, 0, 1));

        var bob = await Store.SearchAsync(User("bob"), Vector("sister"), null, 10, CancellationToken.None);
        Assert.Equal("bob", Assert.Single(bob).Memory.UserId);
    }

    [Fact]
    public async Task Search_by_agent_or_run_alone_matches_that_id_only()
    {
        await AddAsync(Store, User("ana", "coach"), "Ana trains on Tuesdays.");
        await AddAsync(Store, User("bob", "coach"), "Bob trains on Fridays.");
        await AddAsync(Store, User("bob", "chef"), "Bob likes soup.");

        var coach = await Store.SearchAsync(MemoryScope.Create(null, "coach", null), Vector("trains"), null, 10, CancellationToken.None);

        Assert.Equal(2, coach.Count);
        Assert.All(coach, r => Assert.Equal("coach", r.Memory.AgentId));
    }

    [Fact]
    public async Task Identical_text_scores_one()
    {
        await AddAsync(Store, User("ana"), "I am allergic to peanuts.");

        var result = Assert.Single(await Store.SearchAsync(User("ana"), Vector("I am allergic to peanuts."), null, 5, CancellationToken.None));

        Assert.InRange(result.Score, 0.999, 1.0);
    }

    [Fact]
    public async Task Search_honours_the_limit()
    {
        for (var i = 0; i < 12; i++)
        {
            await AddAsync(Store, User("ana"), $"Fact number {i} about the garden.");
        }

        var results = await Store.SearchAsync(User("ana"), Vector("garden"), null, 5, CancellationToken.None);

        Assert.Equal(5, results.Count);
    }

    [Fact]
    public async Task Writer_sees_only_its_exact_scope()
    {
        await AddAsync(Store, User("ana"), "I like tea.");
        await AddAsync(Store, User("ana", run: "r1"), "I like tea.");
        await AddAsync(Store, User("ana", "helper"), "I like tea.");

        await using var writer = await Store.OpenWriterAsync(User("ana"), CancellationToken.None);
        var similar = await writer.FindSimilarAsync(Vector("I like tea."), 5, CancellationToken.None);
        var byHash = await writer.FindByHashAsync(MemoryHash.Compute("I like tea."), CancellationToken.None);

        var only = Assert.Single(similar);
        Assert.Equal((null, null), (only.Memory.AgentId, only.Memory.RunId));
        Assert.Equal(only.Memory.Id, byHash?.Id);
        Assert.Null(await writer.FindByHashAsync(MemoryHash.Compute("I like coffee."), CancellationToken.None));
    }

    [Fact]
    public async Task Update_changes_text_vector_and_metadata_and_is_audited()
    {
        var scope = User("ana");
        var original = await AddAsync(Store, scope, "I live in Paris.", new { city = "Paris" });
        await AddAsync(Store, scope, "I enjoy long walks.");
        var at = NextTime();

        await using (var writer = await Store.OpenWriterAsync(scope, CancellationToken.None))
        {
            var meta = MetadataJson.Parse("""{"city":"Rome"}""");
            await writer.CommitAsync([new UpdateMemory(original.Id, original.Memory, "I live in Rome.", MemoryHash.Compute("I live in Rome."), Vector("I live in Rome."), meta, at)], CancellationToken.None);
        }

        var read = await Store.GetAsync(original.Id, CancellationToken.None);
        Assert.Equal(("I live in Rome.", "Rome", at, original.CreatedAt), (read!.Memory, read.Metadata["city"].GetString(), read.UpdatedAt, read.CreatedAt));
        var top = (await Store.SearchAsync(scope, Vector("I live in Rome."), null, 1, CancellationToken.None))[0];
        Assert.Equal(original.Id, top.Memory.Id);
        Assert.InRange(top.Score, 0.999, 1.0);
        var history = await Store.GetHistoryAsync(original.Id, CancellationToken.None);
        Assert.Equal([MemoryEvent.Add, MemoryEvent.Update], history.Select(h => h.Event));
        Assert.Equal(("I live in Paris.", "I live in Rome."), (history[1].OldMemory, history[1].NewMemory));
    }

    [Fact]
    public async Task Metadata_only_update_keeps_the_vector()
    {
        var scope = User("ana");
        var original = await AddAsync(Store, scope, "I live in Paris.");
        await using (var writer = await Store.OpenWriterAsync(scope, CancellationToken.None))
        {
            await writer.CommitAsync([new UpdateMemory(original.Id, original.Memory, original.Memory, original.Hash, null, MetadataJson.Parse("""{"checked":true}"""), NextTime())], CancellationToken.None);
        }

        var top = (await Store.SearchAsync(scope, Vector("I live in Paris."), null, 1, CancellationToken.None))[0];
        Assert.InRange(top.Score, 0.999, 1.0);
        Assert.True(top.Memory.Metadata["checked"].GetBoolean());
    }

    [Fact]
    public async Task Delete_removes_the_memory_but_keeps_its_history()
    {
        var scope = User("ana");
        var memory = await AddAsync(Store, scope, "I live in Paris.");
        await using (var writer = await Store.OpenWriterAsync(scope, CancellationToken.None))
        {
            await writer.CommitAsync([new DeleteMemory(memory.Id, memory.Memory)], CancellationToken.None);
        }

        Assert.Null(await Store.GetAsync(memory.Id, CancellationToken.None));
        Assert.Empty(await Store.SearchAsync(scope, Vector("Paris"), null, 5, CancellationToken.None));
        var history = await Store.GetHistoryAsync(memory.Id, CancellationToken.None);
        Assert.Equal([MemoryEvent.Add, MemoryEvent.Delete], history.Select(h => h.Event));
        Assert.Equal(("I live in Paris.", null), (history[1].OldMemory, history[1].NewMemory));
    }

    [Fact]
    public async Task A_commit_is_all_or_nothing()
    {
        var scope = User("ana");
        var gone = await AddAsync(Store, scope, "Soon deleted.");
        await Store.DeleteScopeAsync(scope, CancellationToken.None);
        var fresh = Insert(scope, "A new fact that must not survive the failed commit.");

        await using (var writer = await Store.OpenWriterAsync(scope, CancellationToken.None))
        {
            await Assert.ThrowsAsync<MemoryConflictException>(() => writer.CommitAsync(
                [fresh, new UpdateMemory(gone.Id, gone.Memory, "x", MemoryHash.Compute("x"), Vector("x"), MetadataJson.Empty, NextTime())],
                CancellationToken.None));
        }

        Assert.Null(await Store.GetAsync(fresh.Memory.Id, CancellationToken.None));
        Assert.Empty(await Store.GetHistoryAsync(fresh.Memory.Id, CancellationToken.None));
        Assert.Equal([MemoryEvent.Add, MemoryEvent.Delete], (await Store.GetHistoryAsync(gone.Id, CancellationToken.None)).Select(h => h.Event));
    }

    [Fact]
    public async Task Delete_scope_deletes_all_of_the_scope_and_nothing_else()
    {
        var ana = User("ana");
        await using (var writer = await Store.OpenWriterAsync(ana, CancellationToken.None))
        {
            await writer.CommitAsync(Enumerable.Range(0, 250).Select(i => (MemoryChange)Insert(ana, $"Ana fact {i}")).ToList(), CancellationToken.None);
        }

        await AddAsync(Store, User("ana", run: "r1"), "Ana's run fact.");
        var bob = await AddAsync(Store, User("bob"), "Bob fact.");
        var anaAgent = await AddAsync(Store, MemoryScope.Create(null, "ana", null), "Agent named ana, not user ana.");

        var deleted = await Store.DeleteScopeAsync(ana, CancellationToken.None);

        Assert.Equal(251, deleted.Count);
        Assert.Empty((await Store.ListAsync(ana, null, 1000, null, CancellationToken.None)).Items);
        Assert.NotNull(await Store.GetAsync(bob.Id, CancellationToken.None));
        Assert.NotNull(await Store.GetAsync(anaAgent.Id, CancellationToken.None));
        Assert.Equal(MemoryEvent.Delete, (await Store.GetHistoryAsync(deleted[0].Id, CancellationToken.None))[^1].Event);
    }

    [Fact]
    public async Task Entities_are_every_owning_id_per_kind_with_counts_in_byte_order()
    {
        Assert.Empty(await Store.ListEntitiesAsync(MemoryScope.DefaultTenant, CancellationToken.None));
        var first = await AddAsync(Store, User("ana"), "Ana fact.");
        var last = await AddAsync(Store, User("ana", "helper", "r1"), "Ana's run fact with the helper.");
        await AddAsync(Store, User("Zed"), "Zed fact.");
        await AddAsync(Store, MemoryScope.Create(null, "helper", null), "The helper's own fact.");

        var entities = await Store.ListEntitiesAsync(MemoryScope.DefaultTenant, CancellationToken.None);

        // Byte order on both stores: "Zed" before "ana" (PostgreSQL's default collation would say otherwise).
        Assert.Equal(
            [("agent", "helper", 2), ("run", "r1", 1), ("user", "Zed", 1), ("user", "ana", 2)],
            entities.Select(e => (e.Type, e.Name, e.TotalMemories)));
        var ana = entities.Single(e => e.Name == "ana");
        Assert.Equal((first.CreatedAt, last.UpdatedAt), (ana.CreatedAt, ana.UpdatedAt));

        await Store.DeleteScopeAsync(MemoryScope.Create(null, "helper", null), CancellationToken.None);
        Assert.Equal(["Zed", "ana"], (await Store.ListEntitiesAsync(MemoryScope.DefaultTenant, CancellationToken.None)).Select(e => e.Name));
    }

    [Fact]
    public async Task List_pages_through_everything_once_in_creation_order()
    {
        var scope = User("ana");
        var written = new List<Guid>();
        for (var i = 0; i < 23; i++)
        {
            written.Add((await AddAsync(Store, scope, $"Fact {i}")).Id);
        }

        await AddAsync(Store, User("bob"), "Not ana's.");
        var seen = new List<Guid>();
        PageCursor? cursor = null;
        do
        {
            var page = await Store.ListAsync(scope, null, 5, cursor, CancellationToken.None);
            Assert.True(page.Items.Count <= 5);
            seen.AddRange(page.Items.Select(m => m.Id));
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(written, seen);
    }

    [Fact]
    public async Task Reset_erases_memories_and_history()
    {
        var memory = await AddAsync(Store, User("ana"), "I live in Paris.");

        await Store.ResetAsync(CancellationToken.None);

        Assert.Null(await Store.GetAsync(memory.Id, CancellationToken.None));
        Assert.Empty(await Store.GetHistoryAsync(memory.Id, CancellationToken.None));
        await Store.CheckHealthAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Writers_of_one_scope_are_serialised_and_other_scopes_are_not()
    {
        // The lock is held from a writer's first statement (PostgreSQL takes it there, in the same round trip as the
        // read; SQLite at open), so the writers here read before the check.
        var first = await Store.OpenWriterAsync(User("ana"), CancellationToken.None);
        await first.ExistingHashesAsync(["h"], CancellationToken.None);
        var sameScope = OpenAndReadAsync(User("ana"));
        await using (var otherScope = await OpenAndReadAsync(User("bob")).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken))
        {
            Assert.NotNull(otherScope);
        }

        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(sameScope.IsCompleted, "a second writer of the same scope must wait");

        await first.DisposeAsync();
        await using var second = await sameScope.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("ana", second.Scope.UserId);
    }

    [Fact]
    public async Task A_writer_that_holds_the_lock_again_after_its_commit_makes_the_next_writer_wait()
    {
        var first = await Store.OpenWriterAsync(User("ana"), CancellationToken.None);
        await first.CommitAsync([Insert(User("ana"), "I live in Paris.")], CancellationToken.None);
        await first.HoldLockAsync(CancellationToken.None);
        var next = OpenAndReadAsync(User("ana"));

        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(next.IsCompleted, "the lock taken again after the commit must hold the next writer");

        await first.DisposeAsync();
        await using var second = await next.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Single(await second.ExistingHashesAsync([MemoryHash.Compute("I live in Paris.")], CancellationToken.None));
    }

    private async Task<IScopeWriter> OpenAndReadAsync(MemoryScope scope)
    {
        var writer = await Store.OpenWriterAsync(scope, CancellationToken.None);
        await writer.ExistingHashesAsync(["h"], CancellationToken.None);
        return writer;
    }

    [Fact]
    public async Task Refuses_to_open_with_other_dimensions()
    {
        await AddAsync(Store, User("ana"), "I live in Paris.");
        var reopened = TestStore.Create(Identity with { Dimensions = Dimensions * 2 });

        var error = await Assert.ThrowsAsync<StoreConfigurationException>(() => reopened.InitializeAsync(CancellationToken.None));

        Assert.Contains("64-dimensional", error.Message, StringComparison.Ordinal);
        Assert.Contains("128", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialising_again_keeps_the_data()
    {
        var memory = await AddAsync(Store, User("ana"), "I live in Paris.");
        var reopened = TestStore.Create(Identity);

        await reopened.InitializeAsync(CancellationToken.None);

        Assert.Equal(memory.Memory, (await reopened.GetAsync(memory.Id, CancellationToken.None))?.Memory);
    }
}

public sealed class SqliteMemoryStoreConformanceTests : MemoryStoreConformanceTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresMemoryStoreConformanceTests : MemoryStoreConformanceTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
