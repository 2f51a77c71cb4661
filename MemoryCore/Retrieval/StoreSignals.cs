using MemoryCore.Storage;

namespace MemoryCore.Retrieval;

/// <summary>Embedding similarity: the store's scoped vector search; score = cosine similarity in [0, 1].</summary>
public sealed class VectorSignal(IMemoryStore store) : IRetrievalSignal
{
    public const string SignalName = "vector";

    public string Name => SignalName;

    public async Task<IReadOnlyList<SignalHit>> FindAsync(RetrievalQuery query, CancellationToken cancellationToken)
    {
        var results = await store.SearchAsync(query.Scope, query.Vector, query.Filter, query.Candidates, cancellationToken).ConfigureAwait(false);
        return results.Select(r => new SignalHit(r.Memory.Id, r.Score, r.Memory)).ToList();
    }
}

/// <summary>Keyword relevance: the store's scoped full-text search over <see cref="FullTextQuery.Terms"/>; score = BM25.</summary>
public sealed class FullTextSignal(IMemoryStore store) : IRetrievalSignal
{
    public const string SignalName = "fulltext";

    public string Name => SignalName;

    public bool NeedsVector => false;

    public async Task<IReadOnlyList<SignalHit>> FindAsync(RetrievalQuery query, CancellationToken cancellationToken)
    {
        var results = await store.SearchTextAsync(query.Scope, FullTextQuery.Terms(query.Text), query.Filter, query.Candidates, cancellationToken).ConfigureAwait(false);
        return results.Select(r => new SignalHit(r.Memory.Id, r.Score, r.Memory)).ToList();
    }
}
