using MemoryCore.Graph.Extraction;

namespace MemoryCore.Graph.Engine;

/// <summary>
/// Decides the relations of one write: a triple already current gains the memory as support; a new triple becomes
/// a new relation; relations the new ones contradict are invalidated; and relations whose every supporting memory is
/// withdrawn (deleted or rewritten) without being restated are reported as invalidated (the store does it).
/// </summary>
internal sealed class EdgePlanner(GraphWriteContext context, NodeResolver nodes, IReadOnlyCollection<Guid> withdrawn)
{
    private readonly Dictionary<(Guid, string, Guid), Guid> _current = context.Current
        .GroupBy(r => (r.SourceId, r.Relationship, r.DestinationId)).ToDictionary(g => g.Key, g => g.First().EdgeId);

    private readonly Dictionary<(Guid, string, Guid), NewGraphEdge> _new = [];
    private readonly HashSet<EdgeSupport> _supports = [];
    private readonly List<Guid> _contradicted = [];

    public IReadOnlyList<NewGraphEdge> NewEdges => [.. _new.Values];

    public IReadOnlyList<EdgeSupport> Supports => [.. _supports];

    public IReadOnlyList<Guid> Contradicted => _contradicted;

    public void Assert(Guid memoryId, Guid source, string relationship, Guid destination)
    {
        if (source == destination)
        {
            return; // "My name is Ana" for user ana: a self-loop says nothing
        }

        var key = (source, relationship, destination);
        if (!_current.TryGetValue(key, out var edgeId))
        {
            if (!_new.TryGetValue(key, out var edge))
            {
                edge = new NewGraphEdge(Guid.CreateVersion7(), source, relationship, destination);
                _new[key] = edge;
            }

            edgeId = edge.Id;
        }

        _supports.Add(new EdgeSupport(edgeId, memoryId));
    }

    public async Task FindContradictionsAsync(IContradictionDetector detector, CancellationToken cancellationToken)
    {
        if (_new.Count == 0)
        {
            return;
        }

        var restated = _supports.Select(s => s.EdgeId).ToHashSet();
        var candidates = context.Current.Where(r => !restated.Contains(r.EdgeId)).DistinctBy(r => r.EdgeId).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var added = _new.Values.Select(e => new RelationFact(e.SourceId, nodes.NameOf(e.SourceId), e.Relationship, e.DestinationId, nodes.NameOf(e.DestinationId))).ToList();
        var existing = candidates.Select(r => new RelationFact(r.SourceId, r.Source, r.Relationship, r.DestinationId, r.Destination)).ToList();
        foreach (var index in await detector.FindContradictedAsync(added, existing, cancellationToken).ConfigureAwait(false))
        {
            if (index >= 0 && index < candidates.Count)
            {
                _contradicted.Add(candidates[index].EdgeId);
            }
        }
    }

    public GraphChangeSummary Summary()
    {
        var added = _new.Values.Select(e => new GraphTriple(nodes.NameOf(e.SourceId), e.Relationship, nodes.NameOf(e.DestinationId))).ToList();
        var supported = _supports.Select(s => s.EdgeId).ToHashSet();
        var deleted = context.Current
            .DistinctBy(r => r.EdgeId)
            .Where(r => _contradicted.Contains(r.EdgeId)
                || (!supported.Contains(r.EdgeId) && r.MemoryIds.Count > 0 && r.MemoryIds.All(withdrawn.Contains)))
            .Select(r => r.Triple)
            .ToList();
        return new GraphChangeSummary(added, deleted);
    }
}
