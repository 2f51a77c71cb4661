using MemoryCore.Engine;
using MemoryCore.Graph.Extraction;
using MemoryCore.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MemoryCore.Graph.Engine;

/// <summary>
/// The engine's door to graph memory: plans the graph part of each write (committed with the memories) and answers
/// graph searches. With GRAPH_STORE_PROVIDER=none it plans nothing and finds nothing.
/// </summary>
public sealed class GraphMemory
{
    private readonly IGraphStore _store;
    private readonly IGraphExtractor _extractor;
    private readonly Embedder _embedder;
    private readonly ILogger<GraphMemory> _logger;
    private readonly GraphWritePlanner _planner;

    public GraphMemory(
        IOptions<GraphOptions> options, IGraphStore store, IGraphExtractor extractor, IContradictionDetector detector, Embedder embedder,
        GraphProjectionSync projection, ILogger<GraphMemory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        Projection = projection;
        _store = store;
        _extractor = extractor;
        _embedder = embedder;
        _logger = logger;
        _planner = new GraphWritePlanner(store, extractor, detector, embedder, Options, logger);
    }

    public GraphOptions Options { get; }

    public bool Enabled => Options.Enabled;

    /// <summary>The Neo4j projection's sync (a no-op without one).</summary>
    public GraphProjectionSync Projection { get; }

    /// <summary>After a commit of <paramref name="scope"/>, still under its write lock: refresh the projection.</summary>
    public Task AfterCommitAsync(MemoryScope scope, CancellationToken cancellationToken) =>
        Enabled ? Projection.AfterCommitAsync(scope, cancellationToken) : Task.CompletedTask;

    /// <summary>Plans the graph change of a write whose memory changes are <paramref name="results"/>:
    /// ADD and UPDATE state their text's relations; UPDATE and DELETE withdraw the memory's old support.</summary>
    /// <param name="prepared">The write's graph work done before the lock (<see cref="PrepareAsync"/>), if any.</param>
    public Task<GraphPlan> PlanAsync(
        MemoryScope scope, IEnumerable<MemoryEventResult> results, DateTimeOffset now, CancellationToken cancellationToken, PreparedGraph? prepared = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (!Enabled)
        {
            return Task.FromResult(GraphPlan.Empty);
        }

        var list = results.ToList();
        var stated = list.Where(r => r.Event is MemoryEvent.Add or MemoryEvent.Update).Select(r => new StatedMemory(r.Id, r.Memory)).ToList();
        var withdrawn = list.Where(r => r.Event is MemoryEvent.Update or MemoryEvent.Delete).Select(r => r.Id).ToHashSet();
        return _planner.PlanAsync(scope, stated, withdrawn, now, cancellationToken, prepared);
    }

    /// <summary>Extracts the relations <paramref name="texts"/> state before the write takes the scope's lock; the
    /// caller embeds <see cref="PreparedGraph.Names"/> together with its memories (one embedder call) and hands the
    /// result to <see cref="PlanAsync"/>. Null when graph memory is off.</summary>
    public async Task<PreparedGraph?> PrepareAsync(MemoryScope scope, IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        Enabled ? await _planner.PrepareAsync(scope, texts, cancellationToken).ConfigureAwait(false) : null;

    /// <summary>The relations around what <paramref name="query"/> is about (read scope semantics), nearest first.
    /// A failing LLM or embedder degrades to no relations (logged): relations complement search, they never block it.</summary>
    public async Task<IReadOnlyList<NeighbourhoodRelation>> SearchAsync(
        string query, MemoryScope scope, int? limit, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        var terms = await ExtractQueryAsync(query, cancellationToken).ConfigureAwait(false);
        if (terms.IsEmpty)
        {
            return [];
        }

        try
        {
            var vectors = await _embedder.EmbedAsync(terms.EntityNames, cancellationToken).ConfigureAwait(false);
            return await FindAsync(terms, vectors, scope, limit, asOf, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderUnavailableException ex)
        {
            LogSkipped(ex);
            return [];
        }
    }

    /// <summary>What a search query is about (its entities and the user's relationships it names); empty when graph
    /// memory is off, the query is blank, or the extractor's LLM is unavailable (logged).</summary>
    public async Task<GraphQuery> ExtractQueryAsync(string query, CancellationToken cancellationToken)
    {
        if (!Enabled || string.IsNullOrWhiteSpace(query))
        {
            return GraphQuery.Empty;
        }

        try
        {
            return await _extractor.ExtractQueryAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderUnavailableException ex)
        {
            LogSkipped(ex);
            return GraphQuery.Empty;
        }
    }

    /// <summary>The relations around <paramref name="terms"/>, whose entity names are already embedded
    /// (<paramref name="entityVectors"/>, in the same order): one neighbourhood query, nearest first.</summary>
    public async Task<IReadOnlyList<NeighbourhoodRelation>> FindAsync(
        GraphQuery terms, IReadOnlyList<ReadOnlyMemory<float>> entityVectors, MemoryScope scope, int? limit, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (!Enabled || terms.IsEmpty)
        {
            return [];
        }

        using var activity = MemoryTelemetry.Stage("graph.search");
        var search = new GraphSearch(
            scope, entityVectors, terms.SelfRelations, terms.AboutSelf, Options.MergeThreshold,
            Math.Clamp(Options.SearchHops, 1, GraphSearch.MaxHops), asOf, Math.Max(1, limit ?? Options.MaxSearchRelations));
        var found = await _store.NeighbourhoodAsync(search, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("memory.graph.relations", found.Count);
        return found;
    }

    private void LogSkipped(ProviderUnavailableException ex) =>
        _logger.LogWarning("Graph search skipped: the {Provider} is unavailable ({Message})", ex.Provider, ex.Message);

    /// <summary>Every relation of the scope valid at <paramref name="asOf"/> (null: now), or the whole history.</summary>
    public Task<IReadOnlyList<GraphRelation>> RelationsAsync(MemoryScope scope, DateTimeOffset? asOf, bool includeHistory, CancellationToken cancellationToken) =>
        _store.RelationsAsync(scope, asOf, includeHistory, cancellationToken);
}
