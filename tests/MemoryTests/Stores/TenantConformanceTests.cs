using MemoryCore.Model;
using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Stores;

/// <summary>
/// Tenants (issue 10) at the store level, on both stores (subclasses at the bottom of TenantConformanceTests.People.cs):
/// the same user, agent and run ids in tenants "t1", "t2" and the default tenant are three different people, and no
/// read, write, dedupe, delete, export, erasure, queued add or import ever crosses from one to another.
/// </summary>
public abstract partial class TenantConformanceTests : FreshStoreTests
{
    private static readonly string[] Tenants = ["t1", "t2", MemoryScope.DefaultTenant];

    private static MemoryScope In(string tenant, string user = "ana", string? agent = "helper", string? run = "r1") =>
        MemoryScope.Create(user, agent, run, tenant);

    /// <summary>One memory per tenant under the very same ids; returns them by tenant.</summary>
    private async Task<Dictionary<string, MemoryRecord>> SameIdsInEveryTenantAsync(string text = "Ana drinks {0} tea every morning.")
    {
        var stored = new Dictionary<string, MemoryRecord>();
        foreach (var tenant in Tenants)
        {
            stored[tenant] = await AddAsync(Store, In(tenant), string.Format(System.Globalization.CultureInfo.InvariantCulture, text, tenant));
        }

        return stored;
    }

    [Fact]
    public async Task List_reads_only_the_tenant_it_names_whichever_ids_the_scope_gives()
    {
        var stored = await SameIdsInEveryTenantAsync();

        foreach (var tenant in Tenants)
        {
            foreach (var scope in new[] { In(tenant), MemoryScope.Create("ana", null, null, tenant), MemoryScope.Create(null, "helper", null, tenant), MemoryScope.Create(null, null, "r1", tenant) })
            {
                var page = await Store.ListAsync(scope, null, 10, null, CancellationToken.None);
                var only = Assert.Single(page.Items);
                Assert.Equal((stored[tenant].Id, tenant), (only.Id, only.Tenant));
            }
        }
    }

    [Fact]
    public async Task Vector_and_full_text_search_find_only_the_tenants_own_memories()
    {
        var stored = await SameIdsInEveryTenantAsync();

        foreach (var tenant in Tenants)
        {
            // The other tenants' memories are nearer to this query than the tenant's own: they must still not appear.
            var other = Tenants.First(t => t != tenant);
            var vector = await Store.SearchAsync(MemoryScope.Create("ana", null, null, tenant), Vector(stored[other].Memory), null, 10, CancellationToken.None);
            var text = await Store.SearchTextAsync(MemoryScope.Create("ana", null, null, tenant), ["ana", "tea", other], null, 10, CancellationToken.None);

            Assert.Equal([(stored[tenant].Id, tenant)], vector.Select(r => (r.Memory.Id, r.Memory.Tenant)));
            Assert.Equal([(stored[tenant].Id, tenant)], text.Select(r => (r.Memory.Id, r.Memory.Tenant)));
        }
    }

    [Fact]
    public async Task A_memory_read_by_id_says_its_tenant()
    {
        var stored = await SameIdsInEveryTenantAsync();

        foreach (var tenant in Tenants)
        {
            var read = await Store.GetAsync(stored[tenant].Id, CancellationToken.None);
            Assert.Equal(In(tenant), read!.Scope);
        }

        var many = await Store.GetManyAsync(stored.Values.Select(m => m.Id).ToList(), CancellationToken.None);
        Assert.Equal(Tenants.Order(), many.Select(m => m.Tenant).Order());
    }

    [Fact]
    public async Task Writers_find_similar_memories_and_hashes_only_in_their_own_tenant()
    {
        const string text = "Ana is allergic to peanuts.";
        var t1 = await AddAsync(Store, In("t1"), text);

        await using var writer = await Store.OpenWriterAsync(In("t2"), CancellationToken.None);
        Assert.Empty(await writer.FindSimilarAsync(Vector(text), 5, CancellationToken.None));
        Assert.All(await writer.FindSimilarManyAsync([Vector(text), Vector("peanuts")], 5, CancellationToken.None), Assert.Empty);
        Assert.Empty(await writer.ExistingHashesAsync([t1.Hash], CancellationToken.None));
        Assert.Null(await writer.FindByHashAsync(t1.Hash, CancellationToken.None));
        Assert.Empty(Assert.Single(await Store.FindSimilarManyAsync(In("t2"), [Vector(text)], 5, CancellationToken.None)));

        // The same text for the same ids in the second tenant is a second memory, not a duplicate of the first.
        await writer.CommitAsync([Insert(In("t2"), text)], CancellationToken.None);
        Assert.Equal(t1.Id, Assert.Single(Assert.Single(await Store.FindSimilarManyAsync(In("t1"), [Vector(text)], 5, CancellationToken.None))).Memory.Id);
        Assert.Equal(["t1", "t2"], (await Task.WhenAll(new[] { "t1", "t2" }.Select(t => Store.ListAsync(In(t), null, 10, null, CancellationToken.None))))
            .Select(p => Assert.Single(p.Items).Tenant));
    }

    [Fact]
    public async Task A_writer_refuses_a_memory_of_another_tenant()
    {
        await using var writer = await Store.OpenWriterAsync(In("t1"), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.CommitAsync([Insert(In("t2"), "Ana likes tea.")], CancellationToken.None));
        Assert.Empty((await Store.ListAsync(In("t2"), null, 10, null, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task History_rows_carry_the_scope_they_were_written_in()
    {
        var stored = await SameIdsInEveryTenantAsync();
        await using (var writer = await Store.OpenWriterAsync(In("t2"), CancellationToken.None))
        {
            await writer.CommitAsync([new DeleteMemory(stored["t2"].Id, stored["t2"].Memory)], CancellationToken.None);
        }

        foreach (var tenant in Tenants)
        {
            Assert.All(await Store.GetHistoryAsync(stored[tenant].Id, CancellationToken.None), h => Assert.Equal(In(tenant), h.Scope));
        }

        Assert.Equal(2, (await Store.GetHistoryAsync(stored["t2"].Id, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Delete_all_removes_the_scope_in_its_tenant_only()
    {
        var stored = await SameIdsInEveryTenantAsync();
        await AppendTurnsAsync(In("t1"), "t1 says hello");
        await AppendTurnsAsync(In("t2"), "t2 says hello");

        var deleted = await Store.DeleteScopeAsync(MemoryScope.Create("ana", null, null, "t1"), CancellationToken.None);

        Assert.Equal(stored["t1"].Id, Assert.Single(deleted).Id);
        Assert.Empty((await Store.ListAsync(In("t1"), null, 10, null, CancellationToken.None)).Items);
        Assert.Single((await Store.ListAsync(In("t2"), null, 10, null, CancellationToken.None)).Items);
        Assert.Single((await Store.ListAsync(In(MemoryScope.DefaultTenant), null, 10, null, CancellationToken.None)).Items);
        Assert.Empty(await Turns.ListTurnsAsync(In("t1"), DateTimeOffset.MinValue, 0, 10, CancellationToken.None));
        Assert.Equal("t2 says hello", Assert.Single(await Turns.ListTurnsAsync(In("t2"), DateTimeOffset.MinValue, 0, 10, CancellationToken.None)).Content);
        Assert.Equal(In("t1"), Assert.Single(await Store.GetHistoryAsync(stored["t1"].Id, CancellationToken.None), h => h.Event == MemoryEvent.Delete).Scope);
    }

    [Fact]
    public async Task Entities_are_listed_per_tenant()
    {
        await SameIdsInEveryTenantAsync();
        await AddAsync(Store, MemoryScope.Create("bob", null, null, "t2"), "Bob plays chess.");
        await AddAsync(Store, MemoryScope.Create("bob", null, null, "t2"), "Bob lives in Porto.");

        var t1 = await Store.ListEntitiesAsync("t1", CancellationToken.None);
        var t2 = await Store.ListEntitiesAsync("t2", CancellationToken.None);
        var none = await Store.ListEntitiesAsync("t3", CancellationToken.None);

        Assert.Equal([("agent", "helper", 1), ("run", "r1", 1), ("user", "ana", 1)], t1.Select(e => (e.Type, e.Name, e.TotalMemories)));
        Assert.Equal([("agent", "helper", 1), ("run", "r1", 1), ("user", "ana", 1), ("user", "bob", 2)], t2.Select(e => (e.Type, e.Name, e.TotalMemories)));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Turns_are_listed_per_tenant_and_their_scopes_name_it()
    {
        await AppendTurnsAsync(In("t1"), "t1: I moved to Lisbon.");
        await AppendTurnsAsync(In("t2"), "t2: I moved to Porto.");
        await AppendTurnsAsync(MemoryScope.Create("bob", null, null, "t2"), "t2: Bob here.");

        var t1 = await Turns.ListTurnScopesAsync("t1", 0, DateTimeOffset.MaxValue, CancellationToken.None);
        var t2 = await Turns.ListTurnScopesAsync("t2", 0, DateTimeOffset.MaxValue, CancellationToken.None);

        Assert.Equal([("ana", "helper", "t1")], t1.Select(s => (s.UserId, s.AgentId, s.Tenant)));
        Assert.Equal([("ana", "helper", "t2"), ("bob", (string?)null, "t2")], t2.Select(s => (s.UserId, s.AgentId, s.Tenant)));
        Assert.Empty(await Turns.ListTurnScopesAsync(MemoryScope.DefaultTenant, 0, DateTimeOffset.MaxValue, CancellationToken.None));
        Assert.Equal(["t1: I moved to Lisbon."], (await Turns.ListTurnsAsync(MemoryScope.Create("ana", null, null, "t1"), DateTimeOffset.MinValue, 0, 10, CancellationToken.None)).Select(t => t.Content));
    }

    private IConversationTurnStore Turns => (IConversationTurnStore)Store;

    private async Task AppendTurnsAsync(MemoryScope scope, string content)
    {
        await using var writer = await Store.OpenWriterAsync(scope, CancellationToken.None);
        await writer.CommitAsync([new AppendTurns([new ChatTurn("user", content)], NextTime())], CancellationToken.None);
    }
}
