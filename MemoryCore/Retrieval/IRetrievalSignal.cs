using MemoryCore.Filtering;
using MemoryCore.Model;

namespace MemoryCore.Retrieval;

/// <summary>What every retrieval signal is asked: the query text, its embedding, the scope (read semantics) and filter.
/// <paramref name="Neighbourhood"/> is the request's one graph read when the search pipeline made it (shared with the
/// response's relations); a graph signal without it reads the graph itself.</summary>
public sealed record RetrievalQuery(
    string Text, ReadOnlyMemory<float> Vector, MemoryScope Scope, MetadataFilter? Filter, int Candidates,
    Task<IReadOnlyList<Graph.NeighbourhoodRelation>>? Neighbourhood = null);

/// <summary>One memory a signal found, with the signal's own score (higher is better; scales differ per signal).
/// A signal that has read the record anyway passes it as <paramref name="Memory"/>; hits without one are
/// read in one batch after fusion (and checked against the scope and filter again).</summary>
public sealed record SignalHit(Guid MemoryId, double Score, MemoryRecord? Memory = null);

/// <summary>
/// One source of candidates for hybrid search (vector, full-text, graph). The fusion combines the ranked
/// lists of every signal the search mode enables. Implementations must be scoped exactly like vector search.
/// </summary>
public interface IRetrievalSignal
{
    /// <summary>Stable name used in explain output: "vector", "fulltext", "graph".</summary>
    string Name { get; }

    /// <summary>Whether the signal reads <see cref="RetrievalQuery.Vector"/>. One that does not starts while the
    /// query is still being embedded.</summary>
    bool NeedsVector => true;

    Task<IReadOnlyList<SignalHit>> FindAsync(RetrievalQuery query, CancellationToken cancellationToken);
}
