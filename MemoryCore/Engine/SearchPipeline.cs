using MemoryCore.Graph;
using MemoryCore.Graph.Engine;
using MemoryCore.Retrieval;
using Microsoft.Extensions.Logging;

namespace MemoryCore.Engine;

/// <summary>
/// One search, start to end: the query is embedded once (with the query's entity names in the same call when the
/// embedder allows it), the graph neighbourhood is read once, and both are handed to every consumer: the vector
/// signal, the full-text signal (which needs neither and starts at once), the graph signal and the response's
/// relations. Independent reads run concurrently, each on its own pooled connection.
/// </summary>
internal sealed class SearchPipeline(Embedder embedder, HybridSearch search, GraphMemory? graph, ILogger logger)
{
    public async Task<SearchResult> RunAsync(SearchMemoryRequest request, CancellationToken cancellationToken)
    {
        var mode = request.Mode ?? search.DefaultMode;
        using var activity = MemoryTelemetry.Stage("search");
        activity?.SetTag("memory.search_mode", SearchModes.Name(mode));

        var graphOn = graph is { Enabled: true };
        var graphSignal = graphOn && search.SignalsFor(mode).Any(s => s.Signal.Name == SearchModes.GraphSignal && s.Signal is GraphRetrievalSignal);
        var relationsLimit = graphOn && request.WithRelations ? Math.Max(1, graph!.Options.MaxSearchRelations) : 0;
        // The signal wants more relations than the response shows; the neighbourhood is ordered totally, so the
        // response's relations are the first of the one larger read.
        var lookupLimit = Math.Max(relationsLimit, graphSignal ? GraphRetrievalSignal.LookupLimit(search.CandidatesFor(request)) : 0);

        var terms = lookupLimit > 0 ? graph!.ExtractQueryAsync(request.Query, cancellationToken) : Task.FromResult(GraphQuery.Empty);
        var (queryVector, entityVectors) = StartEmbedding(request.Query, SearchModes.NeedsVector(mode), terms, cancellationToken);
        var neighbourhood = lookupLimit > 0 ? LookupAsync(request, terms, entityVectors, lookupLimit, cancellationToken) : null;

        var memories = search.SearchAsync(request, mode, queryVector, graphSignal ? neighbourhood : null, cancellationToken);
        // Awaited together, so a failure of either is observed and the other is not left running unseen.
        await (neighbourhood is null ? memories : Task.WhenAll(memories, neighbourhood)).ConfigureAwait(false);
        var results = await memories.ConfigureAwait(false);
        if (request.Threshold is { } threshold)
        {
            results = results.Where(r => r.Score >= threshold).ToList();
        }

        var relations = neighbourhood is null || relationsLimit == 0 ? null : (await neighbourhood.ConfigureAwait(false)).Take(relationsLimit).ToList();
        return new SearchResult(results, graphOn && request.WithRelations ? relations ?? [] : null);
    }

    /// <summary>The query's vector and its entity names' vectors. When the entity names are known at once (the
    /// heuristic extractor), both go to the embedder together; an LLM extractor's names are embedded when it answers,
    /// while the query's embedding and the other signals proceed.</summary>
    private (Task<ReadOnlyMemory<float>> Query, Task<IReadOnlyList<ReadOnlyMemory<float>>> Entities) StartEmbedding(
        string query, bool needsVector, Task<GraphQuery> terms, CancellationToken cancellationToken)
    {
        if (terms.IsCompletedSuccessfully)
        {
            var names = terms.Result.EntityNames;
            if (!needsVector)
            {
                return (Task.FromResult(ReadOnlyMemory<float>.Empty), embedder.EmbedAsync(names, cancellationToken));
            }

            var both = embedder.EmbedQueryWithAsync(query, names, cancellationToken);
            return (Then(both, b => b.Query), Then(both, b => b.Documents));
        }

        var queryVector = needsVector ? embedder.EmbedQueryAsync(query, cancellationToken) : Task.FromResult(ReadOnlyMemory<float>.Empty);
        return (queryVector, EmbedNamesAsync(terms, cancellationToken));
    }

    private async Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedNamesAsync(Task<GraphQuery> terms, CancellationToken cancellationToken) =>
        await embedder.EmbedAsync((await terms.ConfigureAwait(false)).EntityNames, cancellationToken).ConfigureAwait(false);

    /// <summary>The one neighbourhood read of the request. A failing embedder degrades it to no relations (logged):
    /// relations complement search, they never block it.</summary>
    private async Task<IReadOnlyList<NeighbourhoodRelation>> LookupAsync(
        SearchMemoryRequest request, Task<GraphQuery> terms, Task<IReadOnlyList<ReadOnlyMemory<float>>> entityVectors, int limit, CancellationToken cancellationToken)
    {
        try
        {
            var query = await terms.ConfigureAwait(false);
            return query.IsEmpty
                ? []
                : await graph!.FindAsync(query, await entityVectors.ConfigureAwait(false), request.Scope, limit, asOf: null, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderUnavailableException ex)
        {
            logger.LogWarning("Graph search skipped: the {Provider} is unavailable ({Message})", ex.Provider, ex.Message);
            return [];
        }
    }

    private static async Task<TOut> Then<TIn, TOut>(Task<TIn> task, Func<TIn, TOut> select) => select(await task.ConfigureAwait(false));
}
