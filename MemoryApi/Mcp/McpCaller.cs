using MemoryApi.Apis;
using MemoryCore.Engine;

namespace MemoryApi.Mcp;

/// <summary>
/// The HTTP request an MCP message came in: the server runs stateless, so every tool call, resource read and prompt is
/// one POST to /mcp that went through the same authentication, tenant, open-door rule, key role and rate limit as any
/// route, and whose history rows name its key and trace (ChangeActorMiddleware). The tools then reach the engine through
/// the native routes' own services and handlers: nothing about scope or access is decided here.
/// </summary>
public sealed class McpCaller(IHttpContextAccessor accessor, MemoryService memory, ILogger<MemoryApiServices> logger)
{
    public HttpContext Http => accessor.HttpContext
        ?? throw new InvalidOperationException("An MCP handler ran outside its HTTP request (the MCP transport must be stateless with per-request execution context).");

    /// <summary>What the native handlers take with [AsParameters], for this request.</summary>
    public MemoryApiServices Services => new(memory, logger, Http);
}
