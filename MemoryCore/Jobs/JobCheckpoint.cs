namespace MemoryCore.Jobs;

/// <summary>Where a job has got to: an opaque, job-defined position (the distillation worker's turn seq).</summary>
/// <param name="Watermark">Null until a holder first writes it.</param>
public sealed record JobCheckpoint(string Job, long? Watermark, DateTimeOffset? UpdatedAt);

/// <summary>Outcome of a fenced checkpoint write.</summary>
/// <param name="Succeeded">The watermark was written.</param>
/// <param name="Checkpoint">The checkpoint after the attempt (unchanged on failure).</param>
/// <param name="CurrentLease">On failure the job's current lease, which the writer no longer holds; null when none.</param>
public sealed record CheckpointResult(bool Succeeded, JobCheckpoint Checkpoint, JobLease? CurrentLease);
