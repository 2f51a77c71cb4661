namespace MemoryCore.Graph.Engine;

/// <summary>The relations one write added and invalidated, as the API reports them
/// ("added_entities" / "deleted_entities", the names Mem0 uses).</summary>
public sealed record GraphChangeSummary(IReadOnlyList<GraphTriple> Added, IReadOnlyList<GraphTriple> Deleted)
{
    public static readonly GraphChangeSummary None = new([], []);
}

/// <summary>A planned graph change: the record to commit with the memories (null when nothing changes) and its summary.</summary>
public sealed record GraphPlan(ApplyGraphDelta? Change, GraphChangeSummary Summary)
{
    public static readonly GraphPlan Empty = new(null, GraphChangeSummary.None);
}

/// <summary>A memory a write states relations from: an added memory, or a memory whose text was replaced.</summary>
public sealed record StatedMemory(Guid MemoryId, string Text);
