using MemoryApi.Auth;
using MemoryCore.Engine;
using MemoryCore.Model;

namespace MemoryApi.Apis;

/// <summary>What every memory endpoint needs, injected with [AsParameters].</summary>
public sealed class MemoryApiServices(MemoryService memory, ILogger<MemoryApiServices> logger, HttpContext http)
{
    public MemoryService Memory { get; } = memory;

    public HttpContext Http { get; } = http;

    /// <summary>What the caller's key may reach: every scope and by-id call goes through it.</summary>
    public ScopeAccess Access => CallerAccess.Of(Http);

    public ILogger<MemoryApiServices> Logger { get; } = logger;
}
