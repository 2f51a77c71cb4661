using MemoryCore.Jobs;

namespace MemoryApi.Apis;

/// <summary>POST /jobs/{name}/lease: acquire without a token, renew with the token acquisition returned.</summary>
public sealed record LeaseBody(string? Holder, int? TtlSeconds, long? Token);

/// <summary>PUT /jobs/{name}/checkpoint: the lease generation writing, and the new watermark.</summary>
public sealed record CheckpointBody(string? Holder, long? Token, long? Watermark);

public sealed record LeaseResponse(string Job, string Holder, long Token, DateTimeOffset AcquiredAt, DateTimeOffset? ExpiresAt)
{
    public static LeaseResponse From(JobLease lease) => new(lease.Job, lease.Holder, lease.Token, lease.AcquiredAt, lease.ExpiresAt);
}

public sealed record CheckpointResponse(string Job, long? Watermark, DateTimeOffset? UpdatedAt)
{
    public static CheckpointResponse From(JobCheckpoint checkpoint) => new(checkpoint.Job, checkpoint.Watermark, checkpoint.UpdatedAt);
}
