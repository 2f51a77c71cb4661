namespace MemoryCore.Jobs;

/// <summary>One generation of a job's lease.</summary>
/// <param name="Token">The fencing token: grows by one at every acquisition and never goes back.</param>
/// <param name="ExpiresAt">Null once released.</param>
public sealed record JobLease(string Job, string Holder, long Token, DateTimeOffset AcquiredAt, DateTimeOffset? ExpiresAt)
{
    /// <summary>Someone holds it at <paramref name="now"/>: neither released nor expired.</summary>
    public bool IsHeldAt(DateTimeOffset now) => ExpiresAt is { } expires && expires > now;
}

/// <summary>Outcome of acquire, renew or release.</summary>
/// <param name="Succeeded">The operation took effect.</param>
/// <param name="Lease">On success the caller's lease; on failure the job's current lease (who holds it, until when),
/// or null when the job has never been leased.</param>
public sealed record LeaseResult(bool Succeeded, JobLease? Lease);
