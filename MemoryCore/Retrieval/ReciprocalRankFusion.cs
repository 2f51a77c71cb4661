namespace MemoryCore.Retrieval;

/// <summary>
/// Reciprocal-rank fusion (Cormack et al., 2009): a memory gets weight / (k + rank) from every signal that
/// ranked it, summed. Only ranks count, so a cosine in [0, 1] and an unbounded BM25 combine without
/// calibration. The sum is divided by its maximum (first in every signal), so the score is in [0, 1]:
/// 1 means ranked first by every signal that ran.
/// </summary>
public sealed class ReciprocalRankFusion(int k = 60) : IRankFusion
{
    public IReadOnlyList<FusedHit> Fuse(IReadOnlyList<SignalResult> results)
    {
        var best = results.Sum(r => r.Weight / (k + 1.0));
        var table = new FusionTable(results);
        return table.Rank(signals =>
        {
            if (best <= 0)
            {
                return 0;
            }

            var sum = 0.0;
            foreach (var result in results)
            {
                if (signals[result.Signal].Rank is { } rank)
                {
                    sum += result.Weight / (k + (double)rank);
                }
            }

            return sum / best;
        });
    }
}
