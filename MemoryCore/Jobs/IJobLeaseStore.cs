namespace MemoryCore.Jobs;

/// <summary>
/// Named leases and checkpoints for background jobs that run outside MemoryApi (the distillation worker), kept in the
/// memory store's own database so that "one run at a time" holds across processes and machines. Every acquisition
/// gets a higher fencing token; renewal, release and checkpoint writes name the token, so a run whose lease was taken
/// over can no longer change anything. Times come from the store's clock, not the caller's. Callers validate names,
/// holders and values with <see cref="JobLeaseRules"/>.
/// </summary>
public interface IJobLeaseStore
{
    /// <summary>
    /// Takes the job's lease for <paramref name="ttl"/> when it is free, expired or already the same holder's (then the
    /// holder gets a new generation: its older token stops working). Atomic: of concurrent callers at most one wins.
    /// On failure the result carries the lease that is in the way.
    /// </summary>
    Task<LeaseResult> TryAcquireAsync(string job, string holder, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Extends the lease to now + <paramref name="ttl"/> if (holder, token) is still the current, unreleased
    /// generation, expired or not: as long as nobody acquired it since, no other run can have started.</summary>
    Task<LeaseResult> RenewAsync(string job, string holder, long token, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Ends the lease if (holder, token) is the current generation; releasing twice succeeds. A stale holder
    /// cannot release its successor's lease.</summary>
    Task<LeaseResult> ReleaseAsync(string job, string holder, long token, CancellationToken cancellationToken);

    /// <summary>The job's checkpoint; its watermark is null until the first write.</summary>
    Task<JobCheckpoint> GetCheckpointAsync(string job, CancellationToken cancellationToken);

    /// <summary>Sets the watermark if (holder, token) is the current, unreleased generation (the fence), in one
    /// statement with that check. On failure nothing changed and the result carries the current lease.</summary>
    Task<CheckpointResult> WriteCheckpointAsync(string job, string holder, long token, long watermark, CancellationToken cancellationToken);
}
