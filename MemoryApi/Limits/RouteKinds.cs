using MemoryApi.Auth;
using Microsoft.AspNetCore.Authorization;

namespace MemoryApi.Limits;

/// <summary>What a route does, for rate limits and key roles: read, write or admin; null for a route no API-key
/// policy guards (health, OpenAPI).</summary>
public static class RouteKinds
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";

    public static string? Of(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var policies = endpoint?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToArray() ?? [];
        if (policies.Contains(ApiKeyDefaults.AdminPolicy))
        {
            return Admin;
        }

        if (!policies.Contains(ApiKeyDefaults.MemoryPolicy))
        {
            return null;
        }

        // An MCP message: what it does is in its body, read by McpRouteKinds before this runs.
        if (Mcp.McpRouteKinds.Of(context) is { } mcp)
        {
            return mcp;
        }

        return HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || endpoint!.Metadata.GetMetadata<ReadOnlyRoute>() is not null
            ? Read
            : Write;
    }
}
