namespace MemoryCore.Retrieval;

/// <summary>Combines the ranked lists of any number of signals into one list, best first.</summary>
public interface IRankFusion
{
    /// <summary>Every memory any signal found, once, with a fused score in [0, 1], best first; ties broken by
    /// the best rank any signal gave, then by id, so the order is deterministic.</summary>
    IReadOnlyList<FusedHit> Fuse(IReadOnlyList<SignalResult> results);
}
