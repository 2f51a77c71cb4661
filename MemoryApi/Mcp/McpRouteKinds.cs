using System.Text.Json;
using MemoryApi.Limits;

namespace MemoryApi.Mcp;

/// <summary>
/// What one POST to /mcp does, for the key-role guard and the rate limits that run before any handler: a <c>tools/call</c>
/// of a tool that writes is a write (a read-role key gets the routes' 403, and the write limit counts it); every other
/// message (initialize, tools/list, the read-only tools, resources, prompts) is a read. Read from the body itself, which
/// the MCP handler then reads again: the same bytes decide both. A body that cannot be classified counts as a write.
/// </summary>
public static class McpRouteKinds
{
    private static readonly object ItemKey = new();

    /// <summary>The tools that only read; every other tool name (known or not) is a write.</summary>
    private static readonly HashSet<string> ReadOnlyTools = new(StringComparer.Ordinal)
    {
        "search_memories", "get_memories", "get_memory", "get_memory_history", "list_entities", "get_event_status",
    };

    /// <summary>The kind decided for this request, or null when it is not an MCP message.</summary>
    public static string? Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var kind) ? kind as string : null;

    /// <summary>Before the key-role guard and the rate limiter: classifies POSTs to an MCP endpoint.</summary>
    public static IApplicationBuilder UseMcpRouteKinds(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Only a caller the memory policy may admit gets its body read: a request without a valid key is refused by
        // authorization anyway, counted as a write by its IP, and costs no parsing before that.
        if (HttpMethods.IsPost(context.Request.Method)
            && context.GetEndpoint()?.Metadata.GetMetadata<McpEndpointMarker>() is not null
            && (context.User.Identity?.IsAuthenticated == true || context.RequestServices.GetRequiredService<Auth.ApiKeyStore>().IsOpen))
        {
            context.Request.EnableBuffering();
            context.Items[ItemKey] = await ClassifyAsync(context.Request.Body, context.RequestAborted);
            context.Request.Body.Position = 0;
        }

        await next(context);
    });

    private static async Task<string> ClassifyAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            using var message = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            var root = message.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
            {
                // A response to a server request, or a batch: nothing here writes memories, but nothing is known either.
                return root.ValueKind == JsonValueKind.Object ? RouteKinds.Read : RouteKinds.Write;
            }

            if (method.GetString() != "tools/call")
            {
                return RouteKinds.Read;
            }

            return root.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                && ReadOnlyTools.Contains(name.GetString()!)
                ? RouteKinds.Read
                : RouteKinds.Write;
        }
        catch (JsonException)
        {
            return RouteKinds.Write;
        }
    }
}

/// <summary>Endpoint metadata on the MCP endpoints, so that <see cref="McpRouteKinds"/> finds them.</summary>
public sealed class McpEndpointMarker
{
    public static readonly McpEndpointMarker Instance = new();

    private McpEndpointMarker()
    {
    }
}
