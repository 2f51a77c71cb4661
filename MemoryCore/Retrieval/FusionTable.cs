namespace MemoryCore.Retrieval;

/// <summary>The bookkeeping both fusions share: per memory, each signal's score and rank, and the ordering.</summary>
internal sealed class FusionTable
{
    private readonly Dictionary<Guid, Entry> _entries = [];
    private readonly IReadOnlyList<SignalResult> _results;

    public FusionTable(IReadOnlyList<SignalResult> results)
    {
        _results = results;
        foreach (var result in results)
        {
            var rank = 0;
            foreach (var hit in result.Hits)
            {
                rank++;
                if (!_entries.TryGetValue(hit.MemoryId, out var entry))
                {
                    _entries[hit.MemoryId] = entry = new Entry(new Dictionary<string, SignalScore>(StringComparer.Ordinal));
                }

                // A signal listing a memory twice keeps its first (best) rank.
                entry.Signals.TryAdd(result.Signal, new SignalScore(hit.Score, rank));
            }
        }
    }

    public IReadOnlyList<FusedHit> Rank(Func<IReadOnlyDictionary<string, SignalScore>, double> score)
    {
        var fused = new List<(FusedHit Hit, int BestRank)>(_entries.Count);
        foreach (var (id, entry) in _entries)
        {
            foreach (var result in _results)
            {
                entry.Signals.TryAdd(result.Signal, SignalScore.Missed);
            }

            var value = Math.Clamp(score(entry.Signals), 0, 1);
            fused.Add((new FusedHit(id, value, entry.Signals), entry.Signals.Values.Min(s => s.Rank ?? int.MaxValue)));
        }

        fused.Sort((a, b) =>
        {
            var byScore = b.Hit.Score.CompareTo(a.Hit.Score);
            if (byScore != 0)
            {
                return byScore;
            }

            var byRank = a.BestRank.CompareTo(b.BestRank);
            return byRank != 0 ? byRank : a.Hit.MemoryId.CompareTo(b.Hit.MemoryId);
        });
        return fused.ConvertAll(f => f.Hit);
    }

    private sealed record Entry(Dictionary<string, SignalScore> Signals);
}
