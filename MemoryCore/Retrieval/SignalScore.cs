namespace MemoryCore.Retrieval;

/// <summary>What one signal said about one result (explain output): its own score and the result's
/// 1-based rank in its list, both null when the signal ran but did not find the memory.</summary>
public sealed record SignalScore(double? Score, int? Rank)
{
    public static readonly SignalScore Missed = new(null, null);
}

/// <summary>The ranked hits of one signal and the weight the fusion gives it.</summary>
public sealed record SignalResult(string Signal, double Weight, IReadOnlyList<SignalHit> Hits);

/// <summary>One fused result: the fused score in [0, 1] and every signal's view of it.</summary>
public sealed record FusedHit(Guid MemoryId, double Score, IReadOnlyDictionary<string, SignalScore> Signals);
