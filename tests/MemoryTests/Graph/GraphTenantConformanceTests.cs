using MemoryCore.Graph;
using MemoryCore.Graph.Neo4j;
using MemoryCore.Model;
using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Graph;

/// <summary>
/// Issue 10 for the graph: the same user id in two tenants is two people. Their nodes, relations, walks, snapshots,
/// scope erase and person erase never cross, and a graph stored before tenants existed upgrades in place as the
/// default tenant's. Run against both relational stores (subclasses at the end).
/// </summary>
public abstract class GraphTenantConformanceTests : IAsyncLifetime
{
    private static readonly MemoryScope AnaInT1 = MemoryScope.Create("ana", null, null, "t1");
    private static readonly MemoryScope AnaInT2 = MemoryScope.Create("ana", null, null, "t2");
    private static readonly MemoryScope AnaInDefault = User("ana");

    private TestStore _testStore = null!;
    private IMemoryStore _store = null!;
    private GraphHarness _harness = null!;

    private protected abstract TestStore CreateTestStore();

    /// <summary>The store's one-user-node-per-scope index with the tenant, the one it replaced, and its "is the user" predicate.</summary>
    private protected abstract (string TenantIndex, string OldIndex, string IsSelf) SelfIndexes { get; }

    /// <summary>Turns the current graph tables back into their shape before tenants: no tenant_id, the old self index.</summary>
    private string[] SchemaBeforeTenants =>
    [
        $"DROP INDEX {{s}}{SelfIndexes.TenantIndex}",
        .. new[] { "graph_nodes", "graph_edges", "graph_edge_sources" }.Select(table => $"ALTER TABLE {{s}}{table} DROP COLUMN tenant_id"),
        $"CREATE UNIQUE INDEX {SelfIndexes.OldIndex} ON {{s}}graph_nodes (COALESCE(user_id, ''), COALESCE(agent_id, ''), COALESCE(run_id, '')) WHERE {SelfIndexes.IsSelf}",
    ];

    private IGraphStore Graph => _harness.Graph;

    public async ValueTask InitializeAsync()
    {
        _testStore = CreateTestStore();
        _store = _testStore.Create(Identity);
        await _store.InitializeAsync(CancellationToken.None);
        _harness = new GraphHarness(_store);
    }

    public async ValueTask DisposeAsync() => await _testStore.DisposeAsync();

    private static string[] Triples(IEnumerable<GraphRelation> relations) =>
        relations.Select(r => $"{r.Source} -{r.Relationship}-> {r.Destination}").Order(StringComparer.Ordinal).ToArray();

    private Task<IReadOnlyList<GraphRelation>> CurrentAsync(MemoryScope scope) => Graph.RelationsAsync(scope, null, includeHistory: false, CancellationToken.None);

    private Task<IReadOnlyList<GraphRelation>> EverAsync(MemoryScope scope) => Graph.RelationsAsync(scope, null, includeHistory: true, CancellationToken.None);

    private async Task<string[]> RowsPerTenantAsync(string table) =>
        (await _testStore.QueryAsync($"SELECT tenant_id, count(*) FROM {{s}}{table} GROUP BY tenant_id ORDER BY tenant_id")).Select(r => $"{r[0]}:{r[1]}").ToArray();

    [Fact]
    public async Task The_same_user_in_two_tenants_has_two_graphs_with_the_same_facts()
    {
        var (inT1, _) = await _harness.AddAsync(AnaInT1, "My mother Maria loves gardening.");
        var (inT2, _) = await _harness.AddAsync(AnaInT2, "My mother Maria loves gardening.");

        var t1 = await Graph.NodesAsync(AnaInT1, CancellationToken.None);
        var t2 = await Graph.NodesAsync(AnaInT2, CancellationToken.None);
        Assert.All(t1, n => Assert.Equal(AnaInT1, n.Scope));
        Assert.All(t2, n => Assert.Equal(AnaInT2, n.Scope));
        Assert.Equal(["Maria", "ana", "gardening"], t1.Select(n => n.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["Maria", "ana", "gardening"], t2.Select(n => n.Name).Order(StringComparer.Ordinal));
        Assert.Single(t2, n => n.IsSelf); // the second tenant's user node does not collide with the first's
        Assert.Empty(t1.Select(n => n.Id).Intersect(t2.Select(n => n.Id)));
        foreach (var (scope, memory) in new[] { (AnaInT1, inT1), (AnaInT2, inT2) })
        {
            var relations = await CurrentAsync(scope);
            Assert.Equal(["Maria -loves-> gardening", "ana -mother-> Maria"], Triples(relations));
            Assert.All(relations, r => Assert.Equal([memory.Id], r.MemoryIds));
        }

        Assert.Empty(await Graph.NodesAsync(AnaInDefault, CancellationToken.None));
        Assert.Empty(await EverAsync(AnaInDefault));
        foreach (var (table, each) in new[] { ("graph_nodes", 3), ("graph_edges", 2), ("graph_edge_sources", 2) })
        {
            Assert.Equal([$"t1:{each}", $"t2:{each}"], await RowsPerTenantAsync(table));
        }
    }

    [Fact]
    public async Task A_fact_in_one_tenant_neither_merges_with_nor_contradicts_the_other()
    {
        await _harness.AddAsync(AnaInT1, "I live in Paris.");
        var (_, moved) = await _harness.AddAsync(AnaInT2, "I live in Rome.");
        await _harness.AddAsync(AnaInT2, "Maria works at the bakery.");
        await _harness.AddAsync(AnaInT1, "Maria loves gardening.");

        Assert.Empty(moved.Deleted);
        Assert.Equal(["Maria -loves-> gardening", "ana -lives_in-> Paris"], Triples(await EverAsync(AnaInT1)));
        Assert.Equal(["Maria -works_at-> bakery", "ana -lives_in-> Rome"], Triples(await EverAsync(AnaInT2)));
        Assert.All(await EverAsync(AnaInT1), r => Assert.Null(r.ValidTo));
    }

    [Fact]
    public async Task Walks_and_relation_listings_never_cross_tenants()
    {
        await _harness.AddAsync(AnaInT1, "My mother Maria loves gardening.");
        await _harness.AddAsync(AnaInT2, "My mother Maria plays chess.");
        await _harness.AddAsync(MemoryScope.Create("ana", null, "r1", "t2"), "My sister Sofia plays tennis.");
        var now = Timestamps.Now(TimeProvider.System).AddSeconds(1);
        var maria = await _harness.EmbedAsync("Maria", "Sofia", "tennis");

        foreach (var asOf in new DateTimeOffset?[] { null, now })
        {
            var t1 = await Graph.NeighbourhoodAsync(new GraphSearch(AnaInT1, maria, ["mother", "sister"], true, 0.7, GraphSearch.MaxHops, asOf, 100), CancellationToken.None);
            Assert.Equal(["Maria -loves-> gardening", "ana -mother-> Maria"], Triples(t1.Select(n => n.Relation)));
            Assert.Equal(["Maria -loves-> gardening", "ana -mother-> Maria"], Triples(await Graph.RelationsAsync(AnaInT1, asOf, includeHistory: false, CancellationToken.None)));
        }

        var t2 = await Graph.NeighbourhoodAsync(new GraphSearch(AnaInT2, maria, ["mother"], true, 0.7, GraphSearch.MaxHops, null, 100), CancellationToken.None);
        Assert.Equal(["Maria -plays-> chess", "Sofia -plays-> tennis", "ana -mother-> Maria", "ana -sister-> Sofia"], Triples(t2.Select(n => n.Relation)));
        Assert.Empty(await Graph.NeighbourhoodAsync(new GraphSearch(AnaInDefault, maria, ["mother"], true, 0.7, GraphSearch.MaxHops, null, 100), CancellationToken.None));
    }

    [Fact]
    public async Task Scopes_snapshots_and_a_rebuild_keep_each_scope_in_its_tenant()
    {
        await _harness.AddAsync(AnaInT1, "My mother Maria loves gardening.");
        await _harness.AddAsync(AnaInT2, "My mother Maria plays chess.");
        await _harness.AddAsync(AnaInDefault, "I live in Paris.");

        var scopes = await Graph.ScopesAsync(CancellationToken.None);
        Assert.Equal(new[] { AnaInDefault, AnaInT1, AnaInT2 }, scopes.OrderBy(s => s.Tenant, StringComparer.Ordinal));
        var t1 = await Graph.SnapshotAsync(AnaInT1, CancellationToken.None);
        Assert.Equal(["Maria -loves-> gardening", "ana -mother-> Maria"], Triples(t1.Relations));
        Assert.All(t1.Nodes, n => Assert.Equal(AnaInT1, n.Node.Scope));

        var projection = new RecordingProjection();
        var rebuilt = await new GraphHarness(_store, projection).Projection.RebuildAsync(CancellationToken.None);

        Assert.Equal(3, rebuilt.Scopes);
        Assert.Equal(
            ["default: ana -lives_in-> Paris", "t1: Maria -loves-> gardening, ana -mother-> Maria", "t2: Maria -plays-> chess, ana -mother-> Maria"],
            projection.Synced.Select(s => $"{s.Scope.Tenant}: {string.Join(", ", Triples(s.Relations))}").Order(StringComparer.Ordinal));
        Assert.All(projection.Synced, s => Assert.All(s.Nodes, n => Assert.Equal(s.Scope, n.Node.Scope)));
    }

    [Fact]
    public async Task Delete_all_in_one_tenant_leaves_the_other_tenants_graph()
    {
        await _harness.AddAsync(AnaInT1, "My mother Maria loves gardening.");
        await _harness.AddAsync(AnaInT2, "My mother Maria loves gardening.");

        await _harness.DeleteScopeAsync(MemoryScope.Create("ana", null, null, "t1"));

        Assert.Empty(await Graph.NodesAsync(AnaInT1, CancellationToken.None));
        Assert.Empty(await EverAsync(AnaInT1));
        Assert.Equal(["Maria -loves-> gardening", "ana -mother-> Maria"], Triples(await CurrentAsync(AnaInT2)));
        Assert.Equal(["t2:3"], await RowsPerTenantAsync("graph_nodes"));
        Assert.Equal(["t2:2"], await RowsPerTenantAsync("graph_edge_sources"));
    }

    [Fact]
    public async Task Erasing_a_person_erases_only_that_tenants_person()
    {
        await _harness.AddAsync(AnaInT1, "My mother Maria loves gardening.");
        await _harness.AddAsync(AnaInT2, "My mother Maria loves gardening.");

        var erased = await ((IPersonDataStore)_store).EraseUserAsync("t1", "ana", Timestamps.Now(TimeProvider.System), CancellationToken.None);

        Assert.Equal((3, 2), (erased.GraphNodes, erased.GraphEdges));
        Assert.Empty(await Graph.NodesAsync(AnaInT1, CancellationToken.None));
        Assert.Equal(["Maria -loves-> gardening", "ana -mother-> Maria"], Triples(await CurrentAsync(AnaInT2)));
        Assert.Equal(["t2:3"], await RowsPerTenantAsync("graph_nodes"));
    }

    /// <summary>A graph written before tenants (no tenant_id, the user-node index without it) is the default tenant's
    /// after a restart, and the same user id can then get a graph in another tenant.</summary>
    [Fact]
    public async Task A_graph_stored_before_tenants_upgrades_in_place_as_the_default_tenants()
    {
        var (old, _) = await _harness.AddAsync(AnaInDefault, "My mother Maria loves gardening.");
        foreach (var statement in SchemaBeforeTenants)
        {
            await _testStore.QueryAsync(statement);
        }

        var restarted = _testStore.Create(Identity);
        await restarted.InitializeAsync(CancellationToken.None);
        await restarted.InitializeAsync(CancellationToken.None); // idempotent
        var harness = new GraphHarness(restarted);

        var upgraded = await harness.Graph.RelationsAsync(AnaInDefault, null, includeHistory: false, CancellationToken.None);
        Assert.Equal(["Maria -loves-> gardening", "ana -mother-> Maria"], Triples(upgraded));
        Assert.All(upgraded, r => Assert.Equal([old.Id], r.MemoryIds));
        Assert.All(await harness.Graph.NodesAsync(AnaInDefault, CancellationToken.None), n => Assert.Equal(AnaInDefault, n.Scope));
        await harness.AddAsync(AnaInT1, "My mother Maria loves gardening.");
        Assert.Single(await harness.Graph.NodesAsync(AnaInT1, CancellationToken.None), n => n.IsSelf);
        Assert.Equal(["default:3", "t1:3"], await RowsPerTenantAsync("graph_nodes"));
        Assert.Equal(["default:2", "t1:2"], await RowsPerTenantAsync("graph_edge_sources"));
    }

    /// <summary>Records what a rebuild sends to a projection (there is no Neo4j here; its statements are checked by
    /// <see cref="CypherSyntaxTests"/>).</summary>
    private sealed class RecordingProjection : IGraphProjection
    {
        public List<GraphSnapshot> Synced { get; } = [];

        public Task SyncScopeAsync(GraphSnapshot snapshot, CancellationToken cancellationToken)
        {
            Synced.Add(snapshot);
            return Task.CompletedTask;
        }

        public Task DeleteMatchingAsync(MemoryScope scope, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ResetAsync(CancellationToken cancellationToken)
        {
            Synced.Clear();
            return Task.CompletedTask;
        }
    }
}

public sealed class SqliteGraphTenantConformanceTests : GraphTenantConformanceTests
{
    private protected override TestStore CreateTestStore() => new SqliteTestStore();

    private protected override (string TenantIndex, string OldIndex, string IsSelf) SelfIndexes => ("ux_graph_nodes_self_per_scope", "ux_graph_nodes_self", "is_self = 1");
}

public sealed class PostgresGraphTenantConformanceTests : GraphTenantConformanceTests
{
    private protected override TestStore CreateTestStore() => new PostgresTestStore();

    private protected override (string TenantIndex, string OldIndex, string IsSelf) SelfIndexes => ("graph_nodes_one_self_per_scope_idx", "graph_nodes_one_self_idx", "is_self");
}
