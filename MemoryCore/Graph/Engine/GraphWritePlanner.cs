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
    /// <param name="prepared">The stated texts' relations and entity name vectors, worked out before the lock (null: do it here).</param>
    public async Task<GraphPlan> PlanAsync(
        MemoryScope scope, IReadOnlyList<StatedMemory> stated, IReadOnlyCollection<Guid> withdrawn, DateTimeOffset now, CancellationToken cancellationToken,
        PreparedGraph? prepared = null)
    {
        if (stated.Count == 0 && withdrawn.Count == 0)
        {
            return GraphPlan.Empty;
        }

        List<Assertion> assertions;
        List<string> names;
        IReadOnlyList<ReadOnlyMemory<float>> vectors;
        if (prepared is not null && prepared.Covers(stated))
        {
            assertions = Assertions(scope, stated, stated.Select(s => prepared.GraphsByText[s.Text]).ToList());
            names = NamesOf(scope, assertions);
            var index = prepared.Names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.OrdinalIgnoreCase);
            vectors = assertions.Count > 0 ? names.ConvertAll(n => prepared.NameVectors[index[n]]) : [];
        }
        else
        {
            using (MemoryTelemetry.Stage("graph.extract"))
            {
                assertions = await ExtractAsync(scope, stated, cancellationToken).ConfigureAwait(false);
            }

            names = NamesOf(scope, assertions);
            vectors = assertions.Count > 0 ? await embedder.EmbedAsync(names, cancellationToken).ConfigureAwait(false) : [];
        }

        var roleBindings = RoleBindings(assertions);
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

    /// <summary>Extracts the relations of <paramref name="texts"/> ahead of a write (outside the scope's lock), and
    /// lists the entity names they mention, for the caller to embed with the write's own texts.</summary>
    public async Task<PreparedGraph> PrepareAsync(MemoryScope scope, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var distinct = texts.Distinct(StringComparer.Ordinal).ToList();
        IReadOnlyList<ExtractedGraph> graphs;
        using (MemoryTelemetry.Stage("graph.extract"))
        {
            graphs = distinct.Count == 0 ? [] : await extractor.ExtractAsync(distinct, cancellationToken).ConfigureAwait(false);
        }

        var byText = new Dictionary<string, ExtractedGraph>(StringComparer.Ordinal);
        for (var i = 0; i < distinct.Count; i++)
        {
            byText[distinct[i]] = i < graphs.Count ? graphs[i] : ExtractedGraph.Empty;
        }

        // Every name any prepared text could state: a superset of what the stated ones need.
        var all = Assertions(scope, distinct.Select((t, i) => new StatedMemory(Guid.Empty, t)).ToList(), distinct.ConvertAll(t => byText[t]), limit: false);
        return new PreparedGraph(byText, all.Count > 0 ? NamesOf(scope, all) : []);
    }

    /// <summary>The names to embed for <paramref name="assertions"/>: named entities, unnamed roles' placeholders, and the user's own node.</summary>
    private static List<string> NamesOf(MemoryScope scope, List<Assertion> assertions) =>
        assertions.SelectMany(a => new[] { a.Source, a.Destination }).OfType<NamedReference>().Select(n => n.Name)
            .Concat(assertions.SelectMany(a => new[] { a.Source, a.Destination }).OfType<RoleReference>().Select(r => GraphSelf.PlaceholderName(scope, r.Role)))
            .Append(GraphSelf.NodeName(scope))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private async Task<List<Assertion>> ExtractAsync(MemoryScope scope, IReadOnlyList<StatedMemory> stated, CancellationToken cancellationToken)
    {
        if (stated.Count == 0)
        {
            return [];
        }

        var graphs = await extractor.ExtractAsync(stated.Select(s => s.Text).ToList(), cancellationToken).ConfigureAwait(false);
        return Assertions(scope, stated, graphs);
    }

    /// <summary>The relations <paramref name="graphs"/> (one per stated memory, in order) assert, normalised;
    /// at most <see cref="GraphOptions.MaxRelationsPerWrite"/> of them when <paramref name="limit"/>.</summary>
    private List<Assertion> Assertions(MemoryScope scope, IReadOnlyList<StatedMemory> stated, IReadOnlyList<ExtractedGraph> graphs, bool limit = true)
    {
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

        if (limit && assertions.Count > options.MaxRelationsPerWrite)
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
