using MemoryCore.Graph;
using MemoryCore.Graph.Neo4j;
using MemoryCore.Model;
using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Graph;

/// <summary>
/// The graph contract, run against every graph backend (subclasses in GraphConformanceSubclasses.cs): writes go through
/// the relational source of truth; reads through <see cref="Reader"/> (the relational graph, or the Neo4j projection).
/// </summary>
public abstract partial class GraphConformanceTests : IAsyncLifetime
{
    private TestStore? _testStore;

    private protected GraphHarness Harness { get; private set; } = null!;

    private protected IMemoryStore Store { get; private set; } = null!;

    /// <summary>Where assertions read the graph.</summary>
    protected virtual IGraphReader Reader => Harness.Graph;

    protected abstract TestStore CreateTestStore();

    /// <summary>A projection kept in step after every commit (Neo4j), or none.</summary>
    protected virtual IGraphProjection? CreateProjection() => null;

    /// <summary>Rows of a graph table, to prove no orphans are left; null where the backend has no tables.</summary>
    protected virtual Task<long?> CountRowsAsync(string table) => Task.FromResult<long?>(null);

    /// <summary>How many database commands <paramref name="action"/> sent; null where that cannot be observed.</summary>
    protected virtual Task<int?> CountCommandsAsync(Func<Task> action) => Task.FromResult<int?>(null);

    public virtual async ValueTask InitializeAsync()
    {
        _testStore = CreateTestStore();
        Store = _testStore.Create(Identity);
        await Store.InitializeAsync(CancellationToken.None);
        Harness = NewHarness();
        await Harness.Projection.AfterResetAsync(CancellationToken.None);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_testStore is not null)
        {
            await _testStore.DisposeAsync();
        }
    }

    private protected GraphHarness NewHarness(double threshold = 0.7, bool scripted = false) =>
        new(Store, CreateProjection(), threshold, scripted ? new ScriptedGraphExtractor() : null);

    private protected static string[] Triples(IEnumerable<GraphRelation> relations) =>
        relations.Select(r => $"{r.Source} -{r.Relationship}-> {r.Destination}").Order(StringComparer.Ordinal).ToArray();

    private protected static string[] Triples(IEnumerable<GraphTriple> relations) =>
        relations.Select(r => $"{r.Source} -{r.Relationship}-> {r.Destination}").Order(StringComparer.Ordinal).ToArray();

    private protected Task<IReadOnlyList<GraphRelation>> CurrentAsync(MemoryScope scope, DateTimeOffset? asOf = null) =>
        Reader.RelationsAsync(scope, asOf, includeHistory: false, CancellationToken.None);

    private protected Task<IReadOnlyList<GraphRelation>> HistoryAsync(MemoryScope scope) =>
        Reader.RelationsAsync(scope, null, includeHistory: true, CancellationToken.None);

    private protected async Task<IReadOnlyList<NeighbourhoodRelation>> NeighbourhoodAsync(
        MemoryScope scope, string[] names, int hops, string[]? roles = null, bool self = false, DateTimeOffset? asOf = null)
    {
        var vectors = await Harness.EmbedAsync(names);
        return await Reader.NeighbourhoodAsync(new GraphSearch(scope, vectors, roles ?? [], self, 0.7, hops, asOf, 100), CancellationToken.None);
    }

    /// <summary>Distinct, increasing instants: the stores keep microseconds, so a short pause separates writes.</summary>
    private protected static async Task<DateTimeOffset> InstantAsync()
    {
        await Task.Delay(5);
        var at = Timestamps.Now(TimeProvider.System);
        await Task.Delay(5);
        return at;
    }

    [Fact]
    public async Task The_user_is_the_scopes_own_node_named_after_the_user_id()
    {
        await Harness.AddAsync(User("ana"), "I live in Lisbon.");
        await Harness.AddAsync(MemoryScope.Create(null, "helper", null), "I like short answers.");

        var self = Assert.Single(await Reader.NodesAsync(User("ana"), CancellationToken.None), n => n.IsSelf);
        Assert.Equal(("ana", "person"), (self.Name, self.Type));
        Assert.Equal(["ana -lives_in-> Lisbon"], Triples(await CurrentAsync(User("ana"))));
        Assert.Equal(["user -likes-> short answers"], Triples(await CurrentAsync(MemoryScope.Create(null, "helper", null))));
    }

    [Fact]
    public async Task Merges_an_entity_with_the_existing_node_of_its_scope()
    {
        await Harness.AddAsync(User("ana"), "My mother Maria loves gardening.");
        await Harness.AddAsync(User("ana"), "Maria works at the bakery.");
        var (_, again) = await Harness.AddAsync(User("ana"), "My mother Maria loves gardening too.");

        var nodes = await Reader.NodesAsync(User("ana"), CancellationToken.None);
        Assert.Single(nodes, n => n.Name == "Maria");
        Assert.Equal(["Maria -loves-> gardening", "Maria -works_at-> bakery", "ana -mother-> Maria"], Triples(await CurrentAsync(User("ana"))));
        Assert.Empty(again.Added); // restated, not duplicated
        var loves = Assert.Single(await CurrentAsync(User("ana")), r => r.Relationship == "loves");
        Assert.Equal(2, loves.MemoryIds.Count);
    }

    [Fact]
    public async Task Merges_by_name_embedding_at_the_configured_threshold()
    {
        var vectors = await Harness.EmbedAsync("Tennis Club", "Lisbon Tennis Club");
        var similarity = MemoryCore.Storage.VectorMath.Similarity(vectors[0].Span, vectors[1].Span);
        Assert.InRange(similarity, 0.3, 0.99);

        var loose = NewHarness(threshold: similarity - 0.01, scripted: true);
        await loose.AddAsync(User("ana"), "USER|member_of|Tennis Club");
        await loose.AddAsync(User("ana"), "Lisbon Tennis Club|located_in|Porto");
        var strict = NewHarness(threshold: similarity + 0.01, scripted: true);
        await strict.AddAsync(User("bob"), "USER|member_of|Tennis Club");
        await strict.AddAsync(User("bob"), "Lisbon Tennis Club|located_in|Porto");

        Assert.Equal(["Tennis Club -located_in-> Porto", "ana -member_of-> Tennis Club"], Triples(await CurrentAsync(User("ana"))));
        Assert.Equal(["Lisbon Tennis Club -located_in-> Porto", "bob -member_of-> Tennis Club"], Triples(await CurrentAsync(User("bob"))));
    }

    [Fact]
    public async Task Never_merges_across_scopes()
    {
        await Harness.AddAsync(User("ana"), "My mother Maria loves gardening.");
        await Harness.AddAsync(User("ana", run: "r1"), "Maria works at the bakery.");
        await Harness.AddAsync(User("bob"), "Maria works at the bakery.");

        var anaNodes = await Reader.NodesAsync(User("ana"), CancellationToken.None);
        Assert.Equal(2, anaNodes.Count(n => n.Name == "Maria")); // ana's and ana/r1's: two scopes, two nodes
        Assert.Single(await Reader.NodesAsync(User("bob"), CancellationToken.None), n => n.Name == "Maria");
        var bob = await NeighbourhoodAsync(User("bob"), ["Maria"], hops: 2);
        Assert.Equal(["Maria -works_at-> bakery"], Triples(bob.Select(b => b.Relation)));
        Assert.DoesNotContain(await NeighbourhoodAsync(User("ana", run: "r1"), ["Maria"], hops: 2), r => r.Relation.Relationship != "works_at");
    }

    [Fact]
    public async Task A_contradicted_relation_is_invalidated_not_deleted_and_answers_as_of()
    {
        await Harness.AddAsync(User("ana"), "I live in Paris.");
        var whileInParis = await InstantAsync();
        var (_, moved) = await Harness.AddAsync(User("ana"), "I live in Rome.");
        var afterMove = await InstantAsync();

        Assert.Equal(["ana -lives_in-> Rome"], Triples(moved.Added));
        Assert.Equal(["ana -lives_in-> Paris"], Triples(moved.Deleted));
        Assert.Equal(["ana -lives_in-> Rome"], Triples(await CurrentAsync(User("ana"))));
        Assert.Equal(["ana -lives_in-> Paris"], Triples(await CurrentAsync(User("ana"), whileInParis)));
        Assert.Equal(["ana -lives_in-> Rome"], Triples(await CurrentAsync(User("ana"), afterMove)));

        var paris = Assert.Single(await HistoryAsync(User("ana")), r => r.Destination == "Paris");
        Assert.NotNull(paris.ValidTo);
        Assert.NotNull(paris.InvalidatedAt);
        Assert.Equal(InvalidReasons.Contradicted, paris.InvalidReason);
        Assert.InRange(paris.ValidTo!.Value, whileInParis, afterMove);
        Assert.Equal(["ana -lives_in-> Paris"], Triples((await NeighbourhoodAsync(User("ana"), [], hops: 1, self: true, asOf: whileInParis)).Select(n => n.Relation)));
    }

    [Fact]
    public async Task Deleting_a_memory_invalidates_only_the_relations_it_alone_supported()
    {
        var (both, _) = await Harness.AddAsync(User("ana"), "My sister Sofia plays tennis.");
        var (tennisOnly, _) = await Harness.AddAsync(User("ana"), "Sofia plays tennis.");

        var deleted = await Harness.DeleteAsync(both);

        Assert.Equal(["ana -sister-> Sofia"], Triples(deleted.Deleted));
        var current = Assert.Single(await CurrentAsync(User("ana")));
        Assert.Equal(("Sofia -plays-> tennis", tennisOnly.Id), ($"{current.Source} -{current.Relationship}-> {current.Destination}", Assert.Single(current.MemoryIds)));
        var sister = Assert.Single(await HistoryAsync(User("ana")), r => r.Relationship == "sister");
        Assert.Equal(InvalidReasons.Unsupported, sister.InvalidReason);
        Assert.Empty(sister.MemoryIds);

        await Harness.DeleteAsync(tennisOnly);
        Assert.Empty(await CurrentAsync(User("ana")));
        Assert.Equal(2, (await HistoryAsync(User("ana"))).Count); // kept as history
    }

    [Fact]
    public async Task Rewriting_a_memory_restates_its_relations_and_drops_the_rest()
    {
        var (memory, _) = await Harness.AddAsync(User("ana"), "I live in Paris and I like tea.");
        var tea = Assert.Single(await CurrentAsync(User("ana")), r => r.Destination == "tea");

        var rewritten = await Harness.UpdateAsync(memory, "I like tea.");

        Assert.Equal(["ana -lives_in-> Paris"], Triples(rewritten.Deleted));
        Assert.Empty(rewritten.Added);
        var current = Assert.Single(await CurrentAsync(User("ana")));
        Assert.Equal((tea.EdgeId, memory.Id), (current.EdgeId, Assert.Single(current.MemoryIds)));
    }
}
