using MemoryCore.Graph.Engine;
using MemoryCore.Retrieval;

namespace MemoryCore.Graph;

/// <summary>
/// The "graph" retrieval signal: memories that state the relations around the query's entities. A memory scores the
/// sum, over the relations it supports, of the seed's match (1 for "my mother" or a name found exactly) divided by
/// 1 + the relation's distance in hops, so the memory saying "My mother Maria loves gardening" ranks first for
/// "what does my mother like?" and a memory about the sister does not appear at all. Scope comes from the
/// neighbourhood query (read semantics); records, scope and filter are re-checked by the fusion.
/// </summary>
public sealed class GraphRetrievalSignal(GraphMemory graph) : IRetrievalSignal
{
    public const string SignalName = "graph";

    public string Name => SignalName;

    public bool NeedsVector => false;

    /// <summary>How many relations the signal reads for <paramref name="candidates"/> memories: a memory often states several.</summary>
    public static int LookupLimit(int candidates) => Math.Max(50, candidates * 4);

    public async Task<IReadOnlyList<SignalHit>> FindAsync(RetrievalQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var relations = query.Neighbourhood is { } shared
            ? await shared.ConfigureAwait(false)
            : await graph.SearchAsync(query.Text, query.Scope, LookupLimit(query.Candidates), asOf: null, cancellationToken).ConfigureAwait(false);
        var scores = new Dictionary<Guid, double>();
        foreach (var found in relations)
        {
            foreach (var memoryId in found.Relation.MemoryIds)
            {
                scores[memoryId] = scores.GetValueOrDefault(memoryId) + (found.SeedScore / (1 + found.Depth));
            }
        }

        return scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key).Take(query.Candidates).Select(s => new SignalHit(s.Key, s.Value)).ToList();
    }
}
