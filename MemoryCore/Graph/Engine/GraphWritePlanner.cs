using MemoryCore.Engine;
using MemoryCore.Graph.Extraction;
using MemoryCore.Model;
using Microsoft.Extensions.Logging;

namespace MemoryCore.Graph.Engine;

/// <summary>
/// Plans the graph change of one write, under the scope's write lock: extract relations from the memories the write
/// states, embed their entity names in one batch, read the scope's matching nodes and current relations (a fixed
/// number of queries), merge entities into nodes, and decide which relations to add, support and invalidate.
/// </summary>
internal sealed class GraphWritePlanner(
    IGraphStore store, IGraphExtractor extractor, IContradictionDetector detector, Embedder embedder, GraphOptions options, ILogger logger)
{
    private sealed record Assertion(Guid MemoryId, EntityReference Source, string SourceType, string Relationship, EntityReference Destination, string DestinationType);

    /// <param name="stated">Memories this write adds or rewrites: their relations are (re)stated.</param>
    /// <param name="withdrawn">Memories this write deletes or rewrites: the store withdraws their support.</param>
    public async Task<GraphPlan> PlanAsync(
        MemoryScope scope, IReadOnlyList<StatedMemory> stated, IReadOnlyCollection<Guid> withdrawn, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (stated.Count == 0 && withdrawn.Count == 0)
        {
            return GraphPlan.Empty;
        }

        List<Assertion> assertions;
        using (MemoryTelemetry.Stage("graph.extract"))
        {
            assertions = await ExtractAsync(scope, stated, cancellationToken).ConfigureAwait(false);
        }

        var roleBindings = RoleBindings(assertions);
        var names = assertions.SelectMany(a => new[] { a.Source, a.Destination }).OfType<NamedReference>().Select(n => n.Name)
            .Concat(assertions.SelectMany(a => new[] { a.Source, a.Destination }).OfType<RoleReference>().Select(r => GraphSelf.PlaceholderName(scope, r.Role)))
            .Append(GraphSelf.NodeName(scope))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var vectors = assertions.Count > 0 ? await embedder.EmbedAsync(names, cancellationToken).ConfigureAwait(false) : [];

        GraphWriteContext context;
        using (MemoryTelemetry.Stage("graph.read"))
        {
            context = await store.LoadWriteContextAsync(scope, vectors, options.MergeThreshold, withdrawn, cancellationToken).ConfigureAwait(false);
        }

        var nodes = new NodeResolver(scope, context, options.MergeThreshold, assertions.Count > 0 ? names : [], vectors, roleBindings);
        var edges = new EdgePlanner(context, nodes, withdrawn);
        foreach (var a in assertions)
        {
            var source = nodes.Resolve(a.Source, a.SourceType);
            var destination = nodes.Resolve(a.Destination, a.DestinationType);
            edges.Assert(a.MemoryId, source, a.Relationship, destination);
        }

        await edges.FindContradictionsAsync(detector, cancellationToken).ConfigureAwait(false);
        var delta = new GraphDelta(now, nodes.NewNodes, edges.NewEdges, edges.Supports, edges.Contradicted);
        var summary = edges.Summary();
        logger.LogDebug("Graph plan for {Scope}: {Added} relations added, {Deleted} invalidated", scope, summary.Added.Count, summary.Deleted.Count);
        return new GraphPlan(delta.IsEmpty ? null : new ApplyGraphDelta(delta), summary);
    }

    private async Task<List<Assertion>> ExtractAsync(MemoryScope scope, IReadOnlyList<StatedMemory> stated, CancellationToken cancellationToken)
    {
        if (stated.Count == 0)
        {
            return [];
        }

        var graphs = await extractor.ExtractAsync(stated.Select(s => s.Text).ToList(), cancellationToken).ConfigureAwait(false);
        var selfName = GraphSelf.NodeName(scope);
        var assertions = new List<Assertion>();
        for (var i = 0; i < Math.Min(graphs.Count, stated.Count); i++)
        {
            foreach (var relation in graphs[i].Relations)
            {
                var relationship = RelationshipName.Normalize(relation.Relationship);
                var source = Reference(relation.Source, selfName);
                var destination = Reference(relation.Destination, selfName);
                if (relationship.Length == 0 || source is null || destination is null || source == destination)
                {
                    continue;
                }

                assertions.Add(new Assertion(stated[i].MemoryId, source, graphs[i].TypeOf(relation.Source), relationship, destination, graphs[i].TypeOf(relation.Destination)));
            }
        }

        if (assertions.Count > options.MaxRelationsPerWrite)
        {
            logger.LogWarning("{Count} relations extracted from one write; the first {Max} are kept", assertions.Count, options.MaxRelationsPerWrite);
            assertions.RemoveRange(options.MaxRelationsPerWrite, assertions.Count - options.MaxRelationsPerWrite);
        }

        return assertions;
    }

    /// <summary>Null for a blank or over-long name (a sentence, not an entity). The user's own id is the user.</summary>
    private static EntityReference? Reference(string name, string selfName)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > 200)
        {
            return null;
        }

        return string.Equals(trimmed, selfName, StringComparison.OrdinalIgnoreCase) ? new SelfReference() : EntityReference.Of(trimmed);
    }

    /// <summary>"My mother Maria ..." in this write: the user's unnamed "mother" elsewhere in it is Maria.</summary>
    private static Dictionary<string, string> RoleBindings(List<Assertion> assertions)
    {
        var bindings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in assertions)
        {
            if (a.Source is SelfReference && a.Destination is NamedReference named && RoleLexicon.IsRole(a.Relationship))
            {
                bindings.TryAdd(a.Relationship, named.Name);
            }
        }

        return bindings;
    }
}
