using MemoryCore.Engine;
using MemoryCore.Events;
using MemoryCore.Model;
using MemoryCore.Storage;
using MemoryTests.Graph;
using MemoryTests.Infrastructure;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Stores;

/// <summary>
/// Mem0's app_id (issue 17) at the store level, on both stores (subclasses at the bottom): the app is part of the exact
/// tuple a memory is written in (the same text for ana and for ana in app "diary" are two memories), a read naming it
/// sees only that app's memories and a read leaving it out sees every app's; it travels with history, turns, queued
/// adds, the graph, import and erasure; and a database created before app_id existed upgrades in place.
/// </summary>
public abstract class AppIdConformanceTests : FreshStoreTests
{
    private static readonly MemoryScope Ana = MemoryScope.Create("ana", null, null);
    private static readonly MemoryScope AnaInDiary = MemoryScope.Create("ana", null, null, appId: "diary");
    private static readonly MemoryScope BobInDiary = MemoryScope.Create("bob", null, null, appId: "diary");
    private static readonly MemoryScope Diary = MemoryScope.Create(null, null, null, appId: "diary");

    private IConversationTurnStore Turns => (IConversationTurnStore)Store;

    /// <summary>The statement that restores the graph's one-user-node index as it was before app_id (tenant, no app).</summary>
    private protected abstract string OldSelfIndex { get; }

    [Fact]
    public async Task The_app_is_part_of_the_exact_tuple_and_a_read_naming_it_sees_only_that_app()
    {
        var plain = await AddAsync(Store, Ana, "I drink green tea.");
        var inDiary = await AddAsync(Store, AnaInDiary, "I drink green tea.");
        var bobs = await AddAsync(Store, BobInDiary, "Bob drinks green tea.");
        await AddAsync(Store, MemoryScope.Create("ana", null, null, appId: "shop"), "I buy green tea.");

        Assert.Equal(AnaInDiary, (await Store.GetAsync(inDiary.Id, CancellationToken.None))!.Scope);
        Assert.Null((await Store.GetAsync(plain.Id, CancellationToken.None))!.AppId);
        Assert.Equal(3, (await Store.ListAsync(Ana, null, 10, null, CancellationToken.None)).Items.Count);
        Assert.Equal([inDiary.Id], (await Store.ListAsync(AnaInDiary, null, 10, null, CancellationToken.None)).Items.Select(m => m.Id));
        Assert.Equal(new[] { inDiary.Id, bobs.Id }.Order(), (await Store.ListAsync(Diary, null, 10, null, CancellationToken.None)).Items.Select(m => m.Id).Order());
        Assert.Empty((await Store.ListAsync(MemoryScope.Create("ana", null, null, appId: "other"), null, 10, null, CancellationToken.None)).Items);
        Assert.Empty((await Store.ListAsync(MemoryScope.Create("ana", null, null, "t1", "diary"), null, 10, null, CancellationToken.None)).Items);

        Assert.Equal([inDiary.Id], (await Store.SearchAsync(AnaInDiary, Vector("green tea"), null, 10, CancellationToken.None)).Select(r => r.Memory.Id));
        Assert.Equal([inDiary.Id], (await Store.SearchTextAsync(AnaInDiary, ["tea"], null, 10, CancellationToken.None)).Select(r => r.Memory.Id));
        Assert.Equal(new[] { inDiary.Id, bobs.Id }.Order(), (await Store.SearchTextAsync(Diary, ["tea"], null, 10, CancellationToken.None)).Select(r => r.Memory.Id).Order());

        // Write semantics: the same text in the exact scope without the app is another memory.
        Assert.Equal([plain.Id], (await Store.FindSimilarManyAsync(Ana, [Vector("I drink green tea.")], 10, CancellationToken.None))[0].Select(r => r.Memory.Id));
        Assert.Equal([inDiary.Id], (await Store.FindSimilarManyAsync(AnaInDiary, [Vector("I drink green tea.")], 10, CancellationToken.None))[0].Select(r => r.Memory.Id));
        await using var writer = await Store.OpenWriterAsync(AnaInDiary, CancellationToken.None);
        Assert.Equal(inDiary.Id, (await writer.FindByHashAsync(inDiary.Hash, CancellationToken.None))!.Id);
    }

    [Fact]
    public async Task History_turns_and_queued_adds_keep_the_app()
    {
        var memory = await AddAsync(Store, AnaInDiary, "I keep a diary.");
        Assert.Equal(AnaInDiary, Assert.Single(await Store.GetHistoryAsync(memory.Id, CancellationToken.None)).Scope);

        await using (var writer = await Store.OpenWriterAsync(AnaInDiary, CancellationToken.None))
        {
            await writer.CommitAsync([new AppendTurns([new ChatTurn("user", "Dear diary.")], NextTime())], CancellationToken.None);
        }

        var turn = Assert.Single(await Turns.ListTurnsAsync(AnaInDiary, DateTimeOffset.MinValue, 0, 10, CancellationToken.None));
        Assert.Equal(("Dear diary.", "diary"), (turn.Content, turn.AppId));
        Assert.Single(await Turns.ListTurnsAsync(Ana, DateTimeOffset.MinValue, 0, 10, CancellationToken.None));
        Assert.Empty(await Turns.ListTurnsAsync(MemoryScope.Create("ana", null, null, appId: "shop"), DateTimeOffset.MinValue, 0, 10, CancellationToken.None));

        var queue = StoreQueues.Events(Store, TimeProvider.System);
        var eventId = Guid.CreateVersion7();
        var request = new AddMemoryRequest([new ChatTurn("user", "Queued in the diary.")], AnaInDiary, Infer: false);
        await queue.EnqueueAsync(new NewAddEvent(eventId, AnaInDiary, AddEventPayload.Serialize(request), null, null), null, CancellationToken.None);
        var queued = await queue.GetAsync(eventId, CancellationToken.None);
        Assert.Equal(AnaInDiary, queued!.Scope);
        Assert.Equal(AnaInDiary, AddEventPayload.Deserialize(queued.Payload).Scope);
    }

    [Fact]
    public async Task Deleting_an_app_deletes_its_memories_of_every_owner_and_nothing_else()
    {
        var plain = await AddAsync(Store, Ana, "I like walks.");
        var anas = await AddAsync(Store, AnaInDiary, "I like walks in the park.");
        var bobs = await AddAsync(Store, BobInDiary, "Bob likes walks.");
        var shop = await AddAsync(Store, MemoryScope.Create("ana", null, null, appId: "shop"), "I like shoes.");

        var deleted = await Store.DeleteScopeAsync(Diary, CancellationToken.None);

        Assert.Equal(new[] { anas.Id, bobs.Id }.Order(), deleted.Select(m => m.Id).Order());
        Assert.Equal(new[] { plain.Id, shop.Id }.Order(), (await Store.ListAsync(Ana, null, 10, null, CancellationToken.None)).Items.Select(m => m.Id).Order());
        var history = await Store.GetHistoryAsync(bobs.Id, CancellationToken.None);
        Assert.Equal([MemoryEvent.Add, MemoryEvent.Delete], history.Select(h => h.Event));
        Assert.All(history, h => Assert.Equal(BobInDiary, h.Scope));
    }

    [Fact]
    public async Task Entities_list_apps_beside_users_agents_and_runs_in_their_tenant_only()
    {
        await AddAsync(Store, AnaInDiary, "One.");
        await AddAsync(Store, BobInDiary, "Two.");
        await AddAsync(Store, MemoryScope.Create("ana", null, null, "t1", "other"), "Three.");

        var entities = await Store.ListEntitiesAsync(MemoryScope.DefaultTenant, CancellationToken.None);

        Assert.Equal([("app", "diary", 2), ("user", "ana", 1), ("user", "bob", 1)], entities.Select(e => (e.Type, e.Name, e.TotalMemories)));
        Assert.Equal([("app", "other"), ("user", "ana")], (await Store.ListEntitiesAsync("t1", CancellationToken.None)).Select(e => (e.Type, e.Name)));
    }

    [Fact]
    public async Task Import_keeps_the_app_and_skips_duplicates_only_within_the_exact_tuple()
    {
        await AddAsync(Store, Ana, "I sing in a choir.");
        var again = Insert(AnaInDiary, "I sing in a choir.");
        var twice = Insert(AnaInDiary, "I sing in a choir.");

        Assert.Equal([0], (await Store.FindStoredAsync([again.Memory with { Id = Guid.NewGuid(), AppId = null }, again.Memory], CancellationToken.None)).Order());
        var imported = await Store.ImportAsync([again, twice], CancellationToken.None);

        Assert.Equal([again.Memory.Id], imported);
        Assert.Equal(AnaInDiary, (await Store.GetAsync(again.Memory.Id, CancellationToken.None))!.Scope);
        Assert.Equal(AnaInDiary, Assert.Single(await Store.GetHistoryAsync(again.Memory.Id, CancellationToken.None)).Scope);
        Assert.Equal([0], await Store.FindStoredAsync([twice.Memory with { Id = Guid.NewGuid() }], CancellationToken.None));
    }

    [Fact]
    public async Task Erasing_a_person_erases_their_memories_in_every_app_and_no_one_elses()
    {
        await AddAsync(Store, Ana, "Ana's plain note.");
        await AddAsync(Store, AnaInDiary, "Ana's diary note.");
        var bobs = await AddAsync(Store, BobInDiary, "Bob's diary note.");

        var erased = await ((IPersonDataStore)Store).EraseUserAsync(MemoryScope.DefaultTenant, "ana", NextTime(), CancellationToken.None);

        Assert.Equal(2, erased.Memories);
        Assert.Equal([bobs.Id], (await Store.ListAsync(Diary, null, 10, null, CancellationToken.None)).Items.Select(m => m.Id));
    }

    [Fact]
    public async Task A_graph_keeps_one_user_node_per_app()
    {
        var harness = new GraphHarness(Store);
        await harness.AddAsync(Ana, "My mother Maria loves gardening.");
        await harness.AddAsync(AnaInDiary, "My mother Maria loves gardening.");

        Assert.Single(await harness.Graph.NodesAsync(AnaInDiary, CancellationToken.None), n => n.IsSelf);
        Assert.All(await harness.Graph.NodesAsync(AnaInDiary, CancellationToken.None), n => Assert.Equal(AnaInDiary, n.Scope));
        Assert.Equal(2, (await harness.Graph.NodesAsync(Ana, CancellationToken.None)).Count(n => n.IsSelf));
        Assert.Equal(2, (await harness.Graph.RelationsAsync(AnaInDiary, null, includeHistory: false, CancellationToken.None)).Count);
    }

    /// <summary>A database written before app_id existed (no app_id column anywhere, the graph's user-node index without
    /// it) opens with every row as it was, belonging to no app, and then takes app-scoped writes, graph included.</summary>
    [Fact]
    public async Task A_database_created_before_app_id_opens_and_its_rows_belong_to_no_app()
    {
        var harness = new GraphHarness(Store);
        var (memory, _) = await harness.AddAsync(Ana, "My mother Maria loves gardening.");
        await using (var writer = await Store.OpenWriterAsync(Ana, CancellationToken.None))
        {
            await writer.CommitAsync([new AppendTurns([new ChatTurn("user", "My mother loves gardening.")], NextTime())], CancellationToken.None);
        }

        var queue = StoreQueues.Events(Store, TimeProvider.System);
        var eventId = Guid.CreateVersion7();
        var request = new AddMemoryRequest([new ChatTurn("user", "I walk the dog.")], Ana, Infer: false);
        await queue.EnqueueAsync(new NewAddEvent(eventId, Ana, AddEventPayload.Serialize(request), null, null), null, CancellationToken.None);
        foreach (var statement in SchemaBeforeAppId)
        {
            await TestStore.QueryAsync(statement);
        }

        Assert.Empty(await TestStore.QueryAsync(ColumnsNamedAppId));
        var reopened = TestStore.Create(Identity);
        await reopened.InitializeAsync(CancellationToken.None);
        await reopened.InitializeAsync(CancellationToken.None); // idempotent

        var read = await reopened.GetAsync(memory.Id, CancellationToken.None);
        Assert.Equal((memory.Memory, Ana), (read!.Memory, read.Scope));
        Assert.Equal(Ana, Assert.Single(await reopened.GetHistoryAsync(memory.Id, CancellationToken.None)).Scope);
        Assert.Null(Assert.Single(await ((IConversationTurnStore)reopened).ListTurnsAsync(Ana, DateTimeOffset.MinValue, 0, 10, CancellationToken.None)).AppId);
        Assert.Equal(Ana, (await StoreQueues.Events(reopened, TimeProvider.System).GetAsync(eventId, CancellationToken.None))!.Scope);

        var upgraded = new GraphHarness(reopened);
        Assert.Equal(2, (await upgraded.Graph.RelationsAsync(Ana, null, includeHistory: false, CancellationToken.None)).Count);
        var (inDiary, _) = await upgraded.AddAsync(AnaInDiary, "My mother Maria loves gardening.");
        Assert.Single(await upgraded.Graph.NodesAsync(AnaInDiary, CancellationToken.None), n => n.IsSelf);
        Assert.Equal([inDiary.Id], (await reopened.ListAsync(Diary, null, 10, null, CancellationToken.None)).Items.Select(m => m.Id));
        Assert.Equal(2, (await reopened.ListAsync(Ana, null, 10, null, CancellationToken.None)).Items.Count);
    }

    /// <summary>Takes the current schema back to its shape before app_id.</summary>
    private string[] SchemaBeforeAppId =>
    [
        "DROP INDEX IF EXISTS {s}memories_app_idx",
        "DROP INDEX IF EXISTS {s}ix_memories_app",
        "DROP INDEX IF EXISTS {s}graph_nodes_one_self_per_scope_idx",
        "DROP INDEX IF EXISTS {s}ux_graph_nodes_self_per_scope",
        .. new[] { "memories", "memory_history", "conversation_turns", "memory_events", "graph_nodes", "graph_edges" }.Select(table => $"ALTER TABLE {{s}}{table} DROP COLUMN app_id"),
        OldSelfIndex,
    ];

    private protected abstract string ColumnsNamedAppId { get; }
}

public sealed class SqliteAppIdConformanceTests : AppIdConformanceTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();

    private protected override string OldSelfIndex =>
        "CREATE UNIQUE INDEX ux_graph_nodes_self_per_tenant ON graph_nodes (tenant_id, COALESCE(user_id, ''), COALESCE(agent_id, ''), COALESCE(run_id, '')) WHERE is_self = 1";

    private protected override string ColumnsNamedAppId =>
        "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'app_id'";
}

public sealed class PostgresAppIdConformanceTests : AppIdConformanceTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();

    private protected override string OldSelfIndex =>
        "CREATE UNIQUE INDEX graph_nodes_one_self_per_tenant_idx ON {s}graph_nodes (tenant_id, COALESCE(user_id, ''), COALESCE(agent_id, ''), COALESCE(run_id, '')) WHERE is_self";

    private protected override string ColumnsNamedAppId =>
        "SELECT a.attrelid::regclass::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid " +
        "WHERE a.attname = 'app_id' AND NOT a.attisdropped AND c.relkind = 'r' AND c.relnamespace = (SELECT relnamespace FROM pg_class WHERE oid = '{s}memories'::regclass)";
}
