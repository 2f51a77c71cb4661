using MemoryCore.Engine;
using MemoryCore.Model;
using MemoryCore.Retrieval;
using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using Microsoft.Extensions.Options;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Retrieval;

/// <summary>Mode selection, fusion wiring and the scope re-check, on a real (SQLite) store with a scripted graph signal.</summary>
public sealed class HybridSearchTests : IAsyncLifetime
{
    private readonly SqliteTestStore _testStore = new();
    private IMemoryStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _store = _testStore.Create(Identity);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public ValueTask DisposeAsync() => _testStore.DisposeAsync();

    private HybridSearch Search(RetrievalOptions? options = null, params IRetrievalSignal[] extra) =>
        new(_store, [new VectorSignal(_store), new FullTextSignal(_store), .. extra], Options.Create(options ?? new RetrievalOptions()));

    private static SearchMemoryRequest Request(string query, SearchMode mode, int limit = 10) =>
        new(query, User("ana"), Limit: limit, Mode: mode, Explain: true);

    private static Task<IReadOnlyList<ScoredMemory>> RunAsync(HybridSearch search, string query, SearchMode mode, int limit = 10) =>
        search.SearchAsync(Request(query, mode, limit), mode, Vector(query), CancellationToken.None);

    [Fact]
    public async Task Each_mode_runs_its_signals_and_graph_falls_back_to_hybrid_without_a_graph_signal()
    {
        var search = Search();

        Assert.Equal(["vector"], search.SignalsFor(SearchMode.Vector).Select(s => s.Signal.Name));
        Assert.Equal(["fulltext"], search.SignalsFor(SearchMode.FullText).Select(s => s.Signal.Name));
        Assert.Equal(["vector", "fulltext"], search.SignalsFor(SearchMode.Hybrid).Select(s => s.Signal.Name));
        Assert.Equal(["vector", "fulltext"], search.SignalsFor(SearchMode.Graph).Select(s => s.Signal.Name));
        Assert.Equal(["vector", "fulltext", "graph"], Search(null, new ScriptedGraphSignal([])).SignalsFor(SearchMode.Graph).Select(s => s.Signal.Name));
    }

    [Fact]
    public async Task A_zero_weight_drops_a_signal_from_a_fused_mode_but_not_from_its_own_mode()
    {
        var search = Search(new RetrievalOptions { Weights = { ["fulltext"] = 0 } });

        Assert.Equal(["vector"], search.SignalsFor(SearchMode.Hybrid).Select(s => s.Signal.Name));
        Assert.Equal([("fulltext", 1.0)], search.SignalsFor(SearchMode.FullText).Select(s => (s.Signal.Name, s.Weight)));
    }

    [Fact]
    public async Task Vector_mode_keeps_cosine_scores_and_explains_them()
    {
        await AddAsync(_store, User("ana"), "I am allergic to peanuts.");
        await AddAsync(_store, User("ana"), "I like walking by the river.");

        var results = await RunAsync(Search(), "I am allergic to peanuts.", SearchMode.Vector);

        Assert.InRange(results[0].Score, 0.999, 1.0);
        Assert.Equal(new SignalScore(results[0].Score, 1), results[0].Explain!["vector"]);
        Assert.Equal(new SignalScore(results[1].Score, 2), results[1].Explain!["vector"]);
    }

    [Fact]
    public async Task Hybrid_fuses_both_signals_and_explains_every_result()
    {
        await AddAsync(_store, User("ana"), "My cat Biscuit sleeps on the sofa.");
        await AddAsync(_store, User("ana"), "The sofa is blue.");
        await AddAsync(_store, User("ana"), "We bought groceries on Monday.");

        var results = await RunAsync(Search(), "Where does Biscuit sleep?", SearchMode.Hybrid);

        Assert.Equal("My cat Biscuit sleeps on the sofa.", results[0].Memory.Memory);
        Assert.All(results, r => Assert.Equal(["fulltext", "vector"], r.Explain!.Keys.Order()));
        Assert.Equal(1, results[0].Explain!["fulltext"].Rank);
        Assert.All(results, r => Assert.InRange(r.Score, 0, 1));
        Assert.True(results.Zip(results.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.Null(results.Single(r => r.Memory.Memory.StartsWith("We bought", StringComparison.Ordinal)).Explain!["fulltext"].Rank);
    }

    [Fact]
    public async Task Hits_of_another_signal_are_read_in_one_batch_and_checked_against_scope_and_filter()
    {
        var mine = await AddAsync(_store, User("ana"), "Ana's grandmother is called Rosa.");
        var bobs = await AddAsync(_store, User("bob"), "Bob's secret diary entry.");
        var otherTenants = await AddAsync(_store, MemoryScope.Create("ana", null, null, "t2"), "Another tenant's Ana: her grandmother is Maria.");
        var graph = new ScriptedGraphSignal([new SignalHit(bobs.Id, 9), new SignalHit(Guid.NewGuid(), 8), new SignalHit(otherTenants.Id, 7.5), new SignalHit(mine.Id, 7)]);

        var results = await RunAsync(Search(null, graph), "family tree", SearchMode.Graph);

        var only = Assert.Single(results);
        Assert.Equal(mine.Id, only.Memory.Id);
        Assert.Equal(new SignalScore(7, 4), only.Explain!["graph"]);
        Assert.Equal(SignalScore.Missed, only.Explain!["fulltext"]);
        Assert.Equal(User("ana"), graph.LastQuery!.Scope);
        Assert.True(graph.LastQuery.Candidates >= 10);
    }

    [Fact]
    public async Task The_limit_applies_after_fusion()
    {
        for (var i = 0; i < 8; i++)
        {
            await AddAsync(_store, User("ana"), $"Note {i} about the garden hose.");
        }

        Assert.Equal(3, (await RunAsync(Search(), "garden hose", SearchMode.Hybrid, limit: 3)).Count);
        Assert.Equal(3, (await RunAsync(Search(), "garden hose", SearchMode.FullText, limit: 3)).Count);
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.NotNull(new RetrievalOptions { Weights = { ["vector"] = -1 } }.Problem());
        Assert.NotNull(new RetrievalOptions { Candidates = 0 }.Problem());
        Assert.Throws<InvalidOperationException>(() => Search(new RetrievalOptions { RrfK = -1 }));
        Assert.Null(new RetrievalOptions().Problem());
    }

    private sealed class ScriptedGraphSignal(IReadOnlyList<SignalHit> hits) : IRetrievalSignal
    {
        public RetrievalQuery? LastQuery { get; private set; }

        public string Name => "graph";

        public Task<IReadOnlyList<SignalHit>> FindAsync(RetrievalQuery query, CancellationToken cancellationToken)
        {
            LastQuery = query;
            return Task.FromResult(hits);
        }
    }
}
