namespace MemoryCore.Graph.Extraction.Heuristic;

/// <summary>
/// Offline contradiction rules. A new relation invalidates an existing one with the same source when
/// (1) the relationship is single-valued (one home, one employer, one mother, one favourite colour) and the
/// destination differs, or (2) the two have opposite attitudes to the same destination ("likes" / "dislikes").
/// Everything else can hold at once ("likes tea" and "likes coffee"; two sisters).
/// </summary>
public sealed class HeuristicContradictionDetector : IContradictionDetector
{
    private static readonly HashSet<string> SingleValued = new(StringComparer.Ordinal)
    {
        "lives_in", "from", "works_at", "works_as", "name", "age", "mother", "father", "wife", "husband", "spouse",
        "married_to", "birthday", "born_in", "born_on", "job", "occupation", "is_a", "studies_at", "nationality",
    };

    private static readonly HashSet<string> Positive = new(StringComparer.Ordinal) { "likes", "loves", "enjoys", "prefers", "adores" };

    private static readonly HashSet<string> Negative = new(StringComparer.Ordinal) { "dislikes", "hates", "detests", "avoids" };

    public Task<IReadOnlyList<int>> FindContradictedAsync(IReadOnlyList<RelationFact> added, IReadOnlyList<RelationFact> existing, CancellationToken cancellationToken)
    {
        var contradicted = new List<int>();
        for (var i = 0; i < existing.Count; i++)
        {
            if (added.Any(n => Contradicts(n, existing[i])))
            {
                contradicted.Add(i);
            }
        }

        return Task.FromResult<IReadOnlyList<int>>(contradicted);
    }

    internal static bool IsSingleValued(string relationship) =>
        SingleValued.Contains(relationship) || relationship.StartsWith("favourite_", StringComparison.Ordinal) || relationship.StartsWith("favorite_", StringComparison.Ordinal);

    private static bool Contradicts(RelationFact added, RelationFact old)
    {
        if (added.SourceId != old.SourceId)
        {
            return false;
        }

        if (added.Relationship == old.Relationship)
        {
            return added.DestinationId != old.DestinationId && IsSingleValued(added.Relationship);
        }

        return added.DestinationId == old.DestinationId
            && ((Positive.Contains(added.Relationship) && Negative.Contains(old.Relationship))
                || (Negative.Contains(added.Relationship) && Positive.Contains(old.Relationship)));
    }
}
