using MemoryCore.Model;

namespace MemoryCore.Graph;

/// <summary>A node to create, with the embedding of its name.</summary>
public sealed record NewGraphNode(Guid Id, string Name, string Type, bool IsSelf, ReadOnlyMemory<float> Embedding);

/// <summary>A relation to create; it is current from <see cref="GraphDelta.At"/>.</summary>
public sealed record NewGraphEdge(Guid Id, Guid SourceId, string Relationship, Guid DestinationId);

/// <summary>A memory that states a relation.</summary>
public sealed record EdgeSupport(Guid EdgeId, Guid MemoryId);

/// <summary>Everything one write changes in the graph of its scope, all at time <see cref="At"/>.</summary>
public sealed record GraphDelta(
    DateTimeOffset At,
    IReadOnlyList<NewGraphNode> Nodes,
    IReadOnlyList<NewGraphEdge> Edges,
    IReadOnlyList<EdgeSupport> Supports,
    IReadOnlyList<Guid> Contradicted)
{
    public bool IsEmpty => Nodes.Count == 0 && Edges.Count == 0 && Supports.Count == 0 && Contradicted.Count == 0;
}

/// <summary>
/// The graph part of a commit. The store applies it in the same transaction as the memory changes before it.
/// Independently of this record, the stores withdraw a memory's support from its relations when the memory is
/// deleted or its text replaced, and invalidate relations left without support, so no path can leave the graph
/// claiming what no memory says.
/// </summary>
public sealed record ApplyGraphDelta(GraphDelta Delta) : MemoryChange(Guid.Empty);
