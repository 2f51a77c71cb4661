namespace MemoryCore.Retrieval;

/// <summary>
/// Normalised-score fusion: each signal's scores are min-max normalised over the candidates it returned
/// (its best becomes 1, its worst 0; a single candidate, or all equal, become 1), then averaged with the
/// signals' weights; a signal that did not find a memory contributes 0. The score is in [0, 1].
/// Unlike <see cref="ReciprocalRankFusion"/> it keeps how much better one candidate is than the next,
/// and it depends on how many candidates each signal returns.
/// </summary>
public sealed class NormalizedScoreFusion : IRankFusion
{
    public IReadOnlyList<FusedHit> Fuse(IReadOnlyList<SignalResult> results)
    {
        var totalWeight = results.Sum(r => r.Weight);
        var ranges = results.ToDictionary(
            r => r.Signal,
            r => r.Hits.Count == 0 ? (Min: 0.0, Max: 0.0) : (Min: r.Hits.Min(h => h.Score), Max: r.Hits.Max(h => h.Score)),
            StringComparer.Ordinal);
        var table = new FusionTable(results);
        return table.Rank(signals =>
        {
            if (totalWeight <= 0)
            {
                return 0;
            }

            var sum = 0.0;
            foreach (var result in results)
            {
                if (signals[result.Signal].Score is { } score)
                {
                    var (min, max) = ranges[result.Signal];
                    var normalised = max > min ? (score - min) / (max - min) : 1.0;
                    sum += result.Weight * normalised;
                }
            }

            return sum / totalWeight;
        });
    }
}
