using MemoryCore.Model;

namespace MemoryCore.Graph;

/// <summary>A neighbourhood query: seeds from the query's entities, then up to <see cref="Hops"/> hops.</summary>
/// <param name="Scope">Read semantics, like memory search: a missing id matches any.</param>
/// <param name="EntityVectors">Embeddings of the query's entity names; a node at or above <see cref="Threshold"/> is a seed.</param>
/// <param name="SelfRelations">Relationships from the user to follow: their destinations are seeds.</param>
/// <param name="IncludeSelf">The user's own node is a seed.</param>
/// <param name="AsOf">Relations valid at this time; null means the current ones.</param>
public sealed record GraphSearch(
    MemoryScope Scope,
    IReadOnlyList<ReadOnlyMemory<float>> EntityVectors,
    IReadOnlyList<string> SelfRelations,
    bool IncludeSelf,
    double Threshold,
    int Hops,
    DateTimeOffset? AsOf,
    int Limit)
{
    public const int MaxHops = 5;
}

/// <summary>Reading the graph. Implemented by both relational stores and by the Neo4j projection.</summary>
public interface IGraphReader
{
    /// <summary>
    /// The relations around the query's seeds, nearest first, in one query whatever the number of entities.
    /// The walk does not pass through the user's own node unless it is a seed, so "my mother" does not lead to
    /// "my sister" through the user.
    /// </summary>
    Task<IReadOnlyList<NeighbourhoodRelation>> NeighbourhoodAsync(GraphSearch search, CancellationToken cancellationToken);

    /// <summary>Every relation of the scope (read semantics) valid at <paramref name="asOf"/> (null: current ones),
    /// or with <paramref name="includeHistory"/> every relation ever recorded.</summary>
    Task<IReadOnlyList<GraphRelation>> RelationsAsync(MemoryScope scope, DateTimeOffset? asOf, bool includeHistory, CancellationToken cancellationToken);

    /// <summary>Every node of the scope (read semantics).</summary>
    Task<IReadOnlyList<GraphNode>> NodesAsync(MemoryScope scope, CancellationToken cancellationToken);
}

/// <summary>What the write planner reads under the scope's write lock before deciding a graph change.</summary>
/// <param name="Matches">Per entity vector, the best non-self node of the exact scope at or above the threshold.</param>
/// <param name="Self">The scope's user node, when it exists.</param>
/// <param name="Current">Current relations touching the matched nodes or the self node, or stated by the given memories.</param>
public sealed record GraphWriteContext(IReadOnlyList<NodeMatch?> Matches, GraphNode? Self, IReadOnlyList<GraphRelation> Current);

/// <summary>The relational graph: the source of truth, in the memory store's own database.</summary>
public interface IGraphStore : IGraphReader
{
    /// <summary>Reads what a write needs, in a fixed number of queries.</summary>
    /// <param name="scope">The exact scope being written.</param>
    /// <param name="memoryIds">Memories whose relations are about to lose their support (updated or deleted).</param>
    Task<GraphWriteContext> LoadWriteContextAsync(
        MemoryScope scope, IReadOnlyList<ReadOnlyMemory<float>> vectors, double threshold, IReadOnlyCollection<Guid> memoryIds, CancellationToken cancellationToken);

    /// <summary>Every exact scope that has graph rows, for rebuilding a projection.</summary>
    Task<IReadOnlyList<MemoryScope>> ScopesAsync(CancellationToken cancellationToken);

    /// <summary>The nodes (with embeddings) and all relations, current and past, of one exact scope.</summary>
    Task<GraphSnapshot> SnapshotAsync(MemoryScope scope, CancellationToken cancellationToken);
}

/// <summary>One exact scope's whole graph, as a projection needs it.</summary>
public sealed record GraphSnapshot(MemoryScope Scope, IReadOnlyList<(GraphNode Node, ReadOnlyMemory<float> Embedding)> Nodes, IReadOnlyList<GraphRelation> Relations);
