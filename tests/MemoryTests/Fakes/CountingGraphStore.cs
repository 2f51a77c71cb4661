using MemoryCore.Graph;
using MemoryCore.Model;

namespace MemoryTests.Fakes;

/// <summary>The real relational graph store, counting the neighbourhood reads (graph searches) it serves.</summary>
public sealed class CountingGraphStore(IGraphStore inner) : IGraphStore
{
    private int _neighbourhoodReads;

    public int NeighbourhoodReads => Volatile.Read(ref _neighbourhoodReads);

    public Task<IReadOnlyList<NeighbourhoodRelation>> NeighbourhoodAsync(GraphSearch search, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _neighbourhoodReads);
        return inner.NeighbourhoodAsync(search, cancellationToken);
    }

    public Task<IReadOnlyList<GraphRelation>> RelationsAsync(MemoryScope scope, DateTimeOffset? asOf, bool includeHistory, CancellationToken cancellationToken) =>
        inner.RelationsAsync(scope, asOf, includeHistory, cancellationToken);

    public Task<IReadOnlyList<GraphNode>> NodesAsync(MemoryScope scope, CancellationToken cancellationToken) => inner.NodesAsync(scope, cancellationToken);

    public Task<GraphWriteContext> LoadWriteContextAsync(
        MemoryScope scope, IReadOnlyList<ReadOnlyMemory<float>> vectors, double threshold, IReadOnlyCollection<Guid> memoryIds, CancellationToken cancellationToken) =>
        inner.LoadWriteContextAsync(scope, vectors, threshold, memoryIds, cancellationToken);

    public Task<IReadOnlyList<MemoryScope>> ScopesAsync(CancellationToken cancellationToken) => inner.ScopesAsync(cancellationToken);

    public Task<GraphSnapshot> SnapshotAsync(MemoryScope scope, CancellationToken cancellationToken) => inner.SnapshotAsync(scope, cancellationToken);
}
