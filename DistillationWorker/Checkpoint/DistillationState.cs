namespace DistillationWorker.Checkpoint;

/// <summary>
/// The checkpoint: every turn with seq at or below <see cref="Watermark"/> has been distilled (for all people).
/// It only moves forward, and only after a pass in which every person succeeded.
/// </summary>
public sealed record DistillationState(long Watermark, DateTimeOffset? AdvancedAt)
{
    public static DistillationState Initial { get; } = new(0, null);
}
