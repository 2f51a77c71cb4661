using MemoryCore.Model;
using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Stores;

/// <summary>A person's history read in pages, and erasure, at the store level (the API tests check the rest).</summary>
public abstract class PersonDataConformanceTests : FreshStoreTests
{
    private IPersonDataStore People => (IPersonDataStore)Store;

    [Fact]
    public async Task History_pages_cover_every_row_of_the_person_once_even_rows_written_in_the_same_instant()
    {
        for (var i = 0; i < 5; i++)
        {
            await AddAsync(Store, User("ana", run: $"r{i % 2}"), $"Ana fact {i}.");
        }

        await AddAsync(Store, User("bob", run: "r0"), "Bob fact.");
        await Store.DeleteScopeAsync(User("ana"), CancellationToken.None); // five DELETE rows, one timestamp

        var rows = new List<HistoryEntry>();
        HistoryEntry? after = null;
        IReadOnlyList<HistoryEntry> page;
        do
        {
            page = await People.ListUserHistoryAsync(MemoryScope.DefaultTenant, "ana", after, 2, CancellationToken.None);
            rows.AddRange(page);
            after = page.Count > 0 ? page[^1] : after;
        }
        while (page.Count == 2);

        Assert.Equal(10, rows.Count);
        Assert.Equal(10, rows.Select(r => r.Id).Distinct().Count());
        Assert.Equal(5, rows.Count(r => r.Event == MemoryEvent.Delete));
        Assert.DoesNotContain(rows, r => r.NewMemory == "Bob fact.");
    }

    [Fact]
    public async Task Erasure_counts_what_it_removed_and_leaves_a_content_free_audit_row()
    {
        var kept = await AddAsync(Store, User("bob", "helper"), "Bob likes chess.");
        await AddAsync(Store, User("ana", "helper"), "Ana likes tea.");
        await AddAsync(Store, User("ana"), "Ana lives in Lisbon.");

        PersonErasure erasure;
        using (ChangeActorContext.Use(new ChangeActor("eraser", "4ef7651916cd43dd8448eb211c80319c")))
        {
            erasure = await People.EraseUserAsync(MemoryScope.DefaultTenant, "ana", NextTime(), CancellationToken.None);
        }

        Assert.Equal((2, 2, 0, 0, 0, 0), (erasure.Memories, erasure.HistoryRowsRedacted, erasure.Turns, erasure.GraphNodes, erasure.GraphEdges, erasure.Events));
        var history = await People.ListUserHistoryAsync(MemoryScope.DefaultTenant, "ana", null, 100, CancellationToken.None);
        Assert.Equal(4, history.Count);
        Assert.All(history, h => Assert.Equal((null, null), (h.OldMemory, h.NewMemory)));
        Assert.Equal(["eraser", "eraser"], history.Where(h => h.Event == MemoryEvent.Delete).Select(h => h.ActorKeyId));
        Assert.NotNull(await Store.GetAsync(kept.Id, CancellationToken.None));
        Assert.Equal("Bob likes chess.", Assert.Single(await Store.GetHistoryAsync(kept.Id, CancellationToken.None)).NewMemory);
        var audit = Assert.Single(await TestStore.QueryAsync("SELECT * FROM {s}erasure_audit"));
        Assert.DoesNotContain(audit, v => v is string s && (s.Contains("ana", StringComparison.Ordinal) || s.Contains("Lisbon", StringComparison.Ordinal)));
        Assert.Contains(PersonErasure.HashUserId("ana"), audit);
    }
}

public sealed class SqlitePersonDataConformanceTests : PersonDataConformanceTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresPersonDataConformanceTests : PersonDataConformanceTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
