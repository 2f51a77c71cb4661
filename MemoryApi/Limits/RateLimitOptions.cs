namespace MemoryApi.Limits;

/// <summary>
/// Section "RateLimits": per caller (an API key by its id; without a key, the client IP), fixed windows per kind of
/// route. The defaults only stop a runaway client: one app key usually serves every person of an app, so its limit is
/// the app's whole throughput. Each window is counted separately per caller and kind.
/// </summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>GET routes, search and the list routes that are POSTs (Mem0's /v3/memories/, /v3/memories/search/).</summary>
    public RateLimitRule Read { get; set; } = new() { PermitLimit = 2000, WindowSeconds = 10 };

    /// <summary>Everything else under the memory policy: adds, updates, deletes, erasure, job leases.</summary>
    public RateLimitRule Write { get; set; } = new() { PermitLimit = 500, WindowSeconds = 10 };

    /// <summary>Admin routes (reset, re-embed, graph rebuild): rare and heavy.</summary>
    public RateLimitRule Admin { get; set; } = new() { PermitLimit = 30, WindowSeconds = 60 };
}

/// <summary>At most <see cref="PermitLimit"/> requests per <see cref="WindowSeconds"/>; up to <see cref="QueueLimit"/>
/// more wait for the next window instead of being refused (0: refuse at once, holding no connection).</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }

    public int QueueLimit { get; set; }
}
