using System.Text.Json;
using System.Text.RegularExpressions;

namespace MemoryTests.Api.Security.Isolation;

/// <summary>
/// The MCP route family: the same reads and foreign writes as the HTTP routes, made as MCP tool calls (JSON-RPC
/// <c>tools/call</c> POSTed to /mcp, stateless). A tool error carries the HTTP status the route would answer ("Memory not
/// found (404): …"), which <see cref="McpProbeWire"/> reads back as the probe's status; a read-role key calling a tool that
/// writes is refused by the HTTP layer itself (403 problem), as on the routes. The model's expectations are the routes'.
/// </summary>
internal sealed partial class IsolationProbeCatalog
{
    private (string Route, Func<ProbeKey, string, IsolationProbe?> Make)[] McpRoutes() =>
    [
        ("MCP get_memory", (k, r) => McpById(k, r, "get_memory", history: false)),
        ("MCP get_memory_history", (k, r) => McpById(k, r, "get_memory_history", history: true)),
        ("MCP search_memories", (k, r) => McpSearch(k, r)),
        ("MCP get_memories", (k, r) => McpList(k, r)),
        ("MCP list_entities", (k, r) => new(r, k, HttpMethod.Post, McpProbeWire.Path, new McpToolCall("list_entities", []), 200, ProbeTarget.Listing, ProbeView.Of(k.CanSee), [])),
        ("MCP get_event_status", (k, r) => McpEvent(k, r)),
        ("MCP update_memory foreign", (k, r) => McpForeignWrite(k, r, id => new McpToolCall("update_memory", new() { ["memory_id"] = id, ["text"] = "overwritten by a probe" }))),
        ("MCP delete_memory foreign", (k, r) => McpForeignWrite(k, r, id => new McpToolCall("delete_memory", new() { ["memory_id"] = id }))),
        ("MCP delete_all_memories forbidden", (k, r) => McpForbiddenScope(k, r, s => new McpToolCall("delete_all_memories", Ids(s)))),
        ("MCP add_memory forbidden", (k, r) => McpForbiddenScope(k, r, s => new McpToolCall("add_memory", new(Ids(s)) { ["text"] = "Written by a probe.", ["infer"] = false }))),
        ("MCP resource person_memories", (k, r) => McpPersonResource(k, r)),
    ];

    /// <summary>resources/read of memory://users/{user_id}/memories: a person's live memories in the key's tenant, or
    /// the routes' 403 for a person outside a restricted key's reach.</summary>
    private IsolationProbe McpPersonResource(ProbeKey key, string route)
    {
        var user = Pick(_world.Memories.Where(m => m.Scope.UserId is not null).ToList()).Scope.UserId!;
        var scope = new SeedScope(key.Tenant, user, null, null);
        var target = key.AllowsUser(user) ? ProbeTarget.Own : ProbeTarget.OtherPerson;
        var read = new McpToolCall(McpProbeWire.ReadResource, new() { ["uri"] = $"memory://users/{Uri.EscapeDataString(user)}/memories" });
        return ScopeRead(key, route, HttpMethod.Post, McpProbeWire.Path, read, scope, target, includeDeleted: false, mustList: true);
    }

    private IsolationProbe McpById(ProbeKey key, string route, string tool, bool history)
    {
        // The HTTP probe's model, with the tool call for its request.
        var probe = ByIdProbe(key, route, id => id.ToString(), history);
        return probe with { Method = HttpMethod.Post, Path = McpProbeWire.Path, Body = new McpToolCall(tool, new() { ["memory_id"] = probe.Path }) };
    }

    private IsolationProbe McpEvent(ProbeKey key, string route)
    {
        var probe = EventProbe(key, route, id => id.ToString());
        return probe with { Method = HttpMethod.Post, Path = McpProbeWire.Path, Body = new McpToolCall("get_event_status", new() { ["event_id"] = probe.Path }) };
    }

    private IsolationProbe McpSearch(ProbeKey key, string route)
    {
        var (scope, target) = RandomScope(key);
        var arguments = _random.Next(2) == 0 ? Ids(scope) : new Dictionary<string, object?> { ["filters"] = Ids(scope) };
        arguments["query"] = IsolationSeeder.Text(Pick(_world.Memories).CurrentToken);
        arguments["mode"] = Pick(["vector", "fulltext", "hybrid", "graph"]);
        arguments["limit"] = 50;
        return ScopeRead(key, route, HttpMethod.Post, McpProbeWire.Path, new McpToolCall("search_memories", arguments), scope, target, includeDeleted: true, mustList: false);
    }

    private IsolationProbe McpList(ProbeKey key, string route)
    {
        var (scope, target) = RandomScope(key);
        var arguments = Ids(scope);
        arguments["limit"] = 100;
        return ScopeRead(key, route, HttpMethod.Post, McpProbeWire.Path, new McpToolCall("get_memories", arguments), scope, target, includeDeleted: false, mustList: true);
    }

    private IsolationProbe McpForeignWrite(ProbeKey key, string route, Func<string, McpToolCall> call)
    {
        var probe = ForeignWriteProbe(key, route, HttpMethod.Post, id => id.ToString(), _ => null);
        return probe with { Path = McpProbeWire.Path, Body = call(probe.Path) };
    }

    private IsolationProbe? McpForbiddenScope(ProbeKey key, string route, Func<SeedScope, McpToolCall> call)
    {
        if (!key.Restricted)
        {
            return null;
        }

        var (scope, target) = RandomScope(key);
        return key.AllowsUser(scope.UserId) ? null : new(route, key, HttpMethod.Post, McpProbeWire.Path, call(scope), 403, target, ProbeView.Nothing, []);
    }
}

/// <summary>A tool call a probe makes: the tool and its arguments (or, for <see cref="McpProbeWire.ReadResource"/>, a
/// resources/read whose params are the arguments).</summary>
public sealed record McpToolCall(string Tool, Dictionary<string, object?> Arguments);

/// <summary>How an MCP probe goes on the wire and how its answer reads as a status.</summary>
internal static partial class McpProbeWire
{
    public const string Path = "/mcp";

    /// <summary>The pseudo tool name of a resources/read.</summary>
    public const string ReadResource = "resources/read";

    public static HttpRequestMessage Request(McpToolCall call, int id)
    {
        object message = call.Tool == ReadResource
            ? new { jsonrpc = "2.0", id, method = ReadResource, @params = call.Arguments }
            : new { jsonrpc = "2.0", id, method = "tools/call", @params = new { name = call.Tool, arguments = call.Arguments } };
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = IsolationSeeder.JsonContent(message) };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        return request;
    }

    /// <summary>The status the answer stands for: the HTTP status when the HTTP layer refused the call; else 200 for a
    /// result, and the status named in a tool error ("… (404): …"); a tool error naming none counts as a 500.</summary>
    public static int Status(int httpStatus, string body)
    {
        if (httpStatus != 200)
        {
            return httpStatus;
        }

        var data = body.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..]).LastOrDefault() ?? body;
        using var document = JsonDocument.Parse(data);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            return NamedStatus(error.GetProperty("message").GetString());
        }

        var result = root.GetProperty("result");
        return result.TryGetProperty("isError", out var isError) && isError.GetBoolean()
            ? NamedStatus(result.GetProperty("content")[0].GetProperty("text").GetString())
            : 200;
    }

    private static int NamedStatus(string? text) =>
        text is not null && StatusInText().Match(text) is { Success: true } match ? int.Parse(match.Groups[1].Value) : 500;

    [GeneratedRegex(@"\((\d{3})\): ")]
    private static partial Regex StatusInText();
}
