using MemoryCore.Filtering;
using MemoryCore.Model;

namespace MemoryCore.Retrieval;

/// <summary>What every retrieval signal is asked: the query text, its embedding, the scope (read semantics) and filter.</summary>
public sealed record RetrievalQuery(string Text, ReadOnlyMemory<float> Vector, MemoryScope Scope, MetadataFilter? Filter, int Candidates);

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

    Task<IReadOnlyList<SignalHit>> FindAsync(RetrievalQuery query, CancellationToken cancellationToken);
}
