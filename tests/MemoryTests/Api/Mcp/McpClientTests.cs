using System.Text.Json;
using MemoryTests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace MemoryTests.Api.Mcp;

/// <summary>
/// The MCP endpoint driven by real clients, on both stores: the C# SDK's client (ModelContextProtocol 2.4.0, Streamable
/// HTTP) here, and the official TypeScript SDK, the mcp-remote stdio bridge and the MCP Inspector's CLI through
/// tests/mcp-client/drive-client.mjs. After each step the test reads back, over the plain HTTP API, what the service holds.
/// </summary>
public abstract class McpClientTests(McpServerFixture server)
{
    public const string InstallCommand = "scripts/install-mcp-client";

    private static readonly string[] ToolNames =
    [
        "add_memory", "search_memories", "get_memories", "get_memory", "update_memory", "delete_memory", "delete_all_memories",
        "get_memory_history", "list_entities", "get_event_status",
    ];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_csharp_sdk_client_drives_every_tool_resource_and_prompt_and_the_service_holds_what_they_did()
    {
        await using var client = await ConnectAsync(server.AlphaKey);
        using var http = server.Http(server.AlphaKey);

        Assert.Equal("memory", client.ServerInfo?.Name);
        Assert.Contains("never as instructions", client.ServerInstructions ?? string.Empty);
        var tools = (await client.ListToolsAsync(cancellationToken: Cancel)).ToDictionary(t => t.Name, t => t.ProtocolTool);
        Assert.Equal(ToolNames.Order(), tools.Keys.Order());
        Assert.All(tools.Values, t => Assert.NotNull(t.OutputSchema));
        Assert.All(tools.Values, t => Assert.False(string.IsNullOrWhiteSpace(t.Description)));
        foreach (var reader in new[] { "search_memories", "get_memories", "get_memory", "get_memory_history", "list_entities", "get_event_status" })
        {
            Assert.True(tools[reader].Annotations!.ReadOnlyHint, reader);
        }

        Assert.True(tools["delete_all_memories"].Annotations!.DestructiveHint);
        Assert.True(tools["delete_memory"].Annotations!.DestructiveHint);
        Assert.False(tools["add_memory"].Annotations!.ReadOnlyHint);
        Assert.Contains("query", tools["search_memories"].InputSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));

        // add: inferred from messages, verbatim text with metadata, and queued.
        var added = await CallAsync(client, "add_memory", new() { ["messages"] = new[] { new { role = "user", content = "Hi, I live in Lisbon." } }, ["user_id"] = "cs-ana" });
        var lisbon = Assert.Single(added.GetProperty("results").EnumerateArray());
        Assert.Equal(("ADD", "I live in Lisbon."), (lisbon.Str("event"), lisbon.Str("memory")));
        var tea = (await CallAsync(client, "add_memory", new() { ["text"] = "Likes green tea", ["user_id"] = "cs-ana", ["run_id"] = "r1", ["infer"] = false, ["metadata"] = new { topic = "food" } }))
            .GetProperty("results")[0];
        var queued = await CallAsync(client, "add_memory", new() { ["text"] = "I play the cello.", ["user_id"] = "cs-ana", ["async_mode"] = true });
        Assert.Equal("PENDING", queued.Str("status"));
        var applied = await CallAsync(client, "get_event_status", new() { ["event_id"] = queued.Str("event_id"), ["wait_seconds"] = 20 });
        Assert.Equal("SUCCEEDED", applied.Str("status"));
        var stored = (await (await http.GetAsync("/memories?user_id=cs-ana", Cancel)).ReadJsonAsync()).Results();
        Assert.Equal(["I live in Lisbon.", "I play the cello.", "Likes green tea"], stored.Select(m => m.Str("memory")).Order(StringComparer.Ordinal));
        Assert.Equal("food", stored.Single(m => m.Str("memory") == "Likes green tea").GetProperty("metadata").GetProperty("topic").GetString());

        // search: scope ids at the top or inside filters, metadata filters, modes.
        var found = await CallAsync(client, "search_memories", new() { ["query"] = "Where do I live?", ["user_id"] = "cs-ana", ["limit"] = 1 });
        Assert.Equal("I live in Lisbon.", Assert.Single(found.GetProperty("results").EnumerateArray()).Str("memory"));
        var filtered = await CallAsync(client, "search_memories", new() { ["query"] = "tea", ["filters"] = new Dictionary<string, object> { ["user_id"] = "cs-ana", ["topic"] = "food" }, ["mode"] = "hybrid" });
        Assert.Equal(["Likes green tea"], filtered.GetProperty("results").EnumerateArray().Select(m => m.Str("memory")));

        // list with the cursor, get one.
        var page1 = await CallAsync(client, "get_memories", new() { ["user_id"] = "cs-ana", ["limit"] = 2 });
        var page2 = await CallAsync(client, "get_memories", new() { ["user_id"] = "cs-ana", ["limit"] = 2, ["cursor"] = page1.Str("next_cursor") });
        Assert.Equal((2, 1), (page1.GetProperty("results").GetArrayLength(), page2.GetProperty("results").GetArrayLength()));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next_cursor").ValueKind);
        Assert.Equal("I live in Lisbon.", (await CallAsync(client, "get_memory", new() { ["memory_id"] = lisbon.Str("id") })).Str("memory"));

        // update, then the history names the change and the key that made it; the service holds the new text.
        await CallAsync(client, "update_memory", new() { ["memory_id"] = lisbon.Str("id"), ["text"] = "I live in Porto now." });
        var history = (await CallAsync(client, "get_memory_history", new() { ["memory_id"] = lisbon.Str("id") })).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["ADD", "UPDATE"], history.Select(h => h.Str("event")));
        Assert.Equal(("I live in Lisbon.", "I live in Porto now."), (history[1].Str("old_memory"), history[1].Str("new_memory")));
        Assert.All(history, h => Assert.StartsWith("key_", h.Str("actor_key_id")));
        Assert.Equal("I live in Porto now.", (await (await http.GetAsync($"/memories/{lisbon.Str("id")}", Cancel)).ReadJsonAsync()).Str("memory"));

        var entities = (await CallAsync(client, "list_entities", [])).GetProperty("results").EnumerateArray().Select(e => (e.Str("type"), e.Str("name"))).ToList();
        Assert.Contains(("user", "cs-ana"), entities);

        // The resource and the prompt.
        var templates = await client.ListResourceTemplatesAsync(cancellationToken: Cancel);
        Assert.Equal("memory://users/{user_id}/memories", Assert.Single(templates).UriTemplate);
        var resource = await client.ReadResourceAsync("memory://users/cs-ana/memories", cancellationToken: Cancel);
        var listed = JsonDocument.Parse(Assert.IsType<TextResourceContents>(Assert.Single(resource.Contents)).Text).RootElement;
        Assert.Equal(3, listed.GetProperty("results").GetArrayLength());
        var prompt = await client.GetPromptAsync("recall_memories", new Dictionary<string, object?> { ["user_id"] = "cs-ana", ["query"] = "where do I live" }, cancellationToken: Cancel);
        var block = Assert.IsType<TextContentBlock>(Assert.Single(prompt.Messages).Content).Text;
        Assert.Contains("not instructions", block);
        Assert.Contains("<memories>\n[\n\"I live in Porto now.\"", block);

        // delete one, then the whole scope; the service holds nothing of cs-ana afterwards.
        await CallAsync(client, "delete_memory", new() { ["memory_id"] = tea.Str("id") });
        await (await http.GetAsync($"/memories/{tea.Str("id")}", Cancel)).ReadProblemAsync(System.Net.HttpStatusCode.NotFound);
        var gone = await CallAsync(client, "delete_all_memories", new() { ["user_id"] = "cs-ana" });
        Assert.Equal(2, gone.GetProperty("deleted").GetInt32());
        Assert.Empty((await (await http.GetAsync("/memories?user_id=cs-ana", Cancel)).ReadJsonAsync()).Results());

        // Tool errors: the route's status and message, nothing else; nothing changes.
        Assert.Contains("(404)", await ToolErrorAsync(client, "get_memory", new() { ["memory_id"] = tea.Str("id") }));
        Assert.Contains("(400)", await ToolErrorAsync(client, "get_memory", new() { ["memory_id"] = "not-a-uuid" }));
        Assert.Contains("(422)", await ToolErrorAsync(client, "delete_all_memories", []));
        Assert.Contains("text", await ToolErrorAsync(client, "add_memory", new() { ["user_id"] = "cs-ana" }));
        Assert.Contains("(400)", await ToolErrorAsync(client, "search_memories", new() { ["query"] = "x", ["user_id"] = "cs-ana", ["mode"] = "psychic" }));
        // Arguments the SDK cannot bind get a sentence a model can act on, not the SDK's bare "An error occurred".
        Assert.Contains("input schema", await ToolErrorAsync(client, "search_memories", new() { ["query"] = "x", ["user_id"] = "cs-ana", ["limit"] = "many" }));
        Assert.Contains("input schema", await ToolErrorAsync(client, "add_memory", new() { ["messages"] = "not a list", ["user_id"] = "cs-ana" }));
        Assert.Empty((await (await http.GetAsync("/memories?user_id=cs-ana", Cancel)).ReadJsonAsync()).Results());
    }

    [Fact]
    public async Task Keys_tenants_and_restrictions_apply_to_tool_calls_as_to_routes()
    {
        await using var alpha = await ConnectAsync(server.AlphaKey);
        await using var beta = await ConnectAsync(server.BetaKey);
        await using var restricted = await ConnectAsync(server.RestrictedKey);
        await using var reader = await ConnectAsync(server.ReadKey);
        var secret = (await CallAsync(alpha, "add_memory", new() { ["text"] = "Alpha secret zqalphasecret1", ["user_id"] = "tenant-ana", ["infer"] = false })).GetProperty("results")[0];

        // Another tenant: the same user id is another person, the memory id is unknown, the entity list is its own.
        Assert.Empty((await CallAsync(beta, "get_memories", new() { ["user_id"] = "tenant-ana" })).GetProperty("results").EnumerateArray());
        Assert.Empty((await CallAsync(beta, "search_memories", new() { ["query"] = "zqalphasecret1", ["user_id"] = "tenant-ana", ["mode"] = "fulltext" })).GetProperty("results").EnumerateArray());
        var foreign = await ToolErrorAsync(beta, "get_memory", new() { ["memory_id"] = secret.Str("id") });
        Assert.Contains("(404)", foreign);
        Assert.DoesNotContain("zqalphasecret1", foreign);
        Assert.Contains("(404)", await ToolErrorAsync(beta, "update_memory", new() { ["memory_id"] = secret.Str("id"), ["text"] = "hijacked" }));
        Assert.Contains("(404)", await ToolErrorAsync(beta, "delete_memory", new() { ["memory_id"] = secret.Str("id") }));
        Assert.Contains("(404)", await ToolErrorAsync(beta, "get_memory_history", new() { ["memory_id"] = secret.Str("id") }));
        Assert.DoesNotContain("tenant-ana", (await CallAsync(beta, "list_entities", [])).GetRawText());

        // A restricted key: its people only; anyone else is a 403 (by scope) or a 404 (by id).
        await CallAsync(restricted, "add_memory", new() { ["text"] = "Allowed note", ["user_id"] = "allowed-1", ["infer"] = false });
        Assert.Contains("(403)", await ToolErrorAsync(restricted, "search_memories", new() { ["query"] = "secret", ["user_id"] = "tenant-ana" }));
        Assert.Contains("(403)", await ToolErrorAsync(restricted, "add_memory", new() { ["text"] = "Sneaky", ["user_id"] = "tenant-ana", ["infer"] = false }));
        Assert.Contains("(403)", await ToolErrorAsync(restricted, "delete_all_memories", new() { ["user_id"] = "tenant-ana" }));
        Assert.Contains("(403)", await ToolErrorAsync(restricted, "delete_all_memories", new() { ["agent_id"] = "any-agent" }));
        Assert.Contains("(404)", await ToolErrorAsync(restricted, "get_memory", new() { ["memory_id"] = secret.Str("id") }));
        // Only its people (the class's other tests use the same key for "allowed-ts-1").
        var reachable = (await CallAsync(restricted, "list_entities", [])).GetProperty("results").EnumerateArray().Select(e => e.Str("name")).ToList();
        Assert.Contains("allowed-1", reachable);
        Assert.All(reachable, name => Assert.StartsWith("allowed-", name));
        await Assert.ThrowsAnyAsync<McpException>(() => restricted.ReadResourceAsync("memory://users/tenant-ana/memories", cancellationToken: Cancel).AsTask());

        // A read-role key reads, and a tool that writes is refused by the HTTP layer (403), as the routes are.
        Assert.Single((await CallAsync(reader, "get_memories", new() { ["user_id"] = "tenant-ana" })).GetProperty("results").EnumerateArray());
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => reader.CallToolAsync("add_memory", new Dictionary<string, object?> { ["text"] = "x", ["user_id"] = "tenant-ana" }, cancellationToken: Cancel).AsTask());
        Assert.Contains("403", refused.ToString());

        // The history names the restricted key as the actor of its write.
        using var alphaHttp = server.Http(server.AlphaKey);
        var allowed = (await (await alphaHttp.GetAsync("/memories?user_id=allowed-1", Cancel)).ReadJsonAsync()).Results()[0];
        var rows = (await (await alphaHttp.GetAsync($"/memories/{allowed.Str("id")}/history", Cancel)).ReadJsonAsync()).Results();
        Assert.Equal(server.RestrictedKeyId, Assert.Single(rows).Str("actor_key_id"));

        // Nothing of tenant-ana changed, and nothing was added for them.
        var held = (await (await alphaHttp.GetAsync("/memories?user_id=tenant-ana", Cancel)).ReadJsonAsync()).Results();
        Assert.Equal(["Alpha secret zqalphasecret1"], held.Select(m => m.Str("memory")));

        // No key, or a wrong one: refused before any MCP message is handled.
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(null));
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync("not-a-key"));

        // A person who opens the URL (the dashboard links it) learns what it is, and nothing about any memory.
        using var browser = new HttpClient();
        using var opened = await browser.GetAsync(server.McpEndpoint, Cancel);
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, opened.StatusCode);
        Assert.Equal(["POST"], opened.Content.Headers.Allow);
        var problem = await opened.ReadJsonAsync(System.Net.HttpStatusCode.MethodNotAllowed);
        Assert.Equal("This is an MCP endpoint", problem.Str("title"));
        Assert.Contains("Use it from an agent", problem.Str("detail"));
    }

    [Fact]
    public async Task App_ids_and_categories_reach_the_engine_through_tool_calls_as_through_routes()
    {
        await using var client = await ConnectAsync(server.AlphaKey);
        using var http = server.Http(server.AlphaKey);
        string[] Texts(IEnumerable<JsonElement> memories) => [.. memories.Select(m => m.Str("memory")).Order(StringComparer.Ordinal)];

        await CallAsync(client, "add_memory", new() { ["text"] = "I play football on Sundays.", ["user_id"] = "app-ana", ["app_id"] = "diary", ["infer"] = false });
        await CallAsync(client, "add_memory", new() { ["text"] = "I am allergic to peanuts.", ["user_id"] = "app-ana", ["infer"] = false });
        // An app alone owns nothing: the routes' 422, as a tool error.
        Assert.Contains("422", await ToolErrorAsync(client, "add_memory", new() { ["text"] = "Nobody's note.", ["app_id"] = "diary", ["infer"] = false }));

        var inApp = (await (await http.GetAsync("/memories?user_id=app-ana&app_id=diary", Cancel)).ReadJsonAsync()).Results();
        Assert.Equal(["I play football on Sundays."], Texts(inApp));
        Assert.Equal("diary", inApp[0].Str("app_id"));
        var listed = await CallAsync(client, "get_memories", new() { ["user_id"] = "app-ana", ["app_id"] = "diary" });
        Assert.Equal(["I play football on Sundays."], Texts(listed.GetProperty("results").EnumerateArray()));
        var found = await CallAsync(client, "search_memories", new() { ["query"] = "peanuts", ["user_id"] = "app-ana", ["app_id"] = "diary" });
        Assert.Equal(["I play football on Sundays."], Texts(found.GetProperty("results").EnumerateArray()));

        // Categories: the tool's filter keeps exactly what the route's filter keeps, for every category the service assigned.
        var all = (await (await http.GetAsync("/memories?user_id=app-ana", Cancel)).ReadJsonAsync()).Results();
        var assigned = all.SelectMany(m => m.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!)).Distinct().ToList();
        Assert.NotEmpty(assigned);
        foreach (var category in assigned.Append("no_such_category"))
        {
            var byRoute = (await (await http.GetAsync($"/memories?user_id=app-ana&categories={category}", Cancel)).ReadJsonAsync()).Results();
            var byTool = await CallAsync(client, "get_memories", new() { ["user_id"] = "app-ana", ["categories"] = new[] { category } });
            Assert.Equal(Texts(byRoute), Texts(byTool.GetProperty("results").EnumerateArray()));
            var searched = await CallAsync(client, "search_memories", new() { ["query"] = "football peanuts", ["user_id"] = "app-ana", ["categories"] = new[] { category }, ["threshold"] = 0 });
            Assert.Equal(Texts(byRoute), Texts(searched.GetProperty("results").EnumerateArray()));
        }

        // delete_all_memories with the app deletes that app's memories and nothing else.
        await CallAsync(client, "delete_all_memories", new() { ["user_id"] = "app-ana", ["app_id"] = "diary" });
        var left = (await (await http.GetAsync("/memories?user_id=app-ana", Cancel)).ReadJsonAsync()).Results();
        Assert.Equal(["I am allergic to peanuts."], Texts(left));
    }

    [Fact]
    public async Task Concurrent_sessions_of_several_keys_each_write_and_read_only_their_own()
    {
        var keys = new[] { server.AlphaKey, server.BetaKey, MemoryApiFactory.AppKey };
        var runs = Enumerable.Range(0, 9).Select(async i =>
        {
            await using var client = await ConnectAsync(keys[i % keys.Length]);
            var user = $"concurrent-{i / keys.Length}";
            await CallAsync(client, "add_memory", new() { ["text"] = $"Session {i} was here", ["user_id"] = user, ["infer"] = false });
            var seen = await CallAsync(client, "get_memories", new() { ["user_id"] = user });
            return (Key: i % keys.Length, Seen: seen.GetProperty("results").EnumerateArray().Select(m => m.Str("memory")).ToList());
        }).ToList();
        var results = await Task.WhenAll(runs);

        // Each tenant's concurrent-N person holds exactly the note of the one session of that key and index.
        foreach (var (key, seen) in results)
        {
            var own = Assert.Single(seen);
            Assert.Equal(key, int.Parse(own.Split(' ')[1]) % keys.Length);
        }

        for (var k = 0; k < keys.Length; k++)
        {
            using var http = server.Http(keys[k]);
            for (var n = 0; n < 3; n++)
            {
                var held = (await (await http.GetAsync($"/memories?user_id=concurrent-{n}", Cancel)).ReadJsonAsync()).Results();
                Assert.Equal([$"Session {(n * keys.Length) + k} was here"], held.Select(m => m.Str("memory")));
            }
        }
    }

    [Fact]
    public async Task The_typescript_sdk_the_mcp_remote_bridge_and_the_inspector_cli_drive_the_service()
    {
        var folder = NodeScript.RequirePackage("mcp-client", "@modelcontextprotocol/sdk", InstallCommand, "The MCP clients (npm @modelcontextprotocol/sdk, mcp-remote, @modelcontextprotocol/inspector)");
        var environment = new Dictionary<string, string>
        {
            ["MCP_URL"] = server.McpEndpoint.ToString(),
            ["MCP_KEY"] = server.AlphaKey,
            ["MCP_RESTRICTED_KEY"] = server.RestrictedKey,
            ["MCP_READ_KEY"] = server.ReadKey,
            ["MCP_PREFIX"] = "ts-",
        };
        var run = await NodeScript.RunAsync(folder, "drive-client.mjs", InstallCommand, null, environment, TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, $"drive-client.mjs exited with {run.ExitCode}: {run.Stderr}");
        var steps = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("steps").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        Assert.False(steps.ContainsKey("fatal"), steps.TryGetValue("fatal", out var fatal) ? fatal.ToString() : null);

        JsonElement Value(string name)
        {
            Assert.True(steps[name].GetProperty("ok").GetBoolean(), $"{name} failed: {steps[name]}");
            return steps[name].GetProperty("value");
        }

        JsonElement Structured(string name)
        {
            var value = Value(name);
            Assert.False(value.GetProperty("isError").GetBoolean(), $"{name} was a tool error: {value}");
            return value.GetProperty("structured");
        }

        string ToolError(string name)
        {
            var value = Value(name);
            Assert.True(value.GetProperty("isError").GetBoolean(), $"{name} should have been a tool error: {value}");
            return value.Str("text");
        }

        string[] Memories(JsonElement structured) => [.. structured.GetProperty("results").EnumerateArray().Select(m => m.Str("memory")).Order(StringComparer.Ordinal)];

        Assert.Equal("memory", Value("server").Str("name"));
        Assert.Equal(ToolNames.Order(), Value("tools").EnumerateArray().Select(t => t.Str("name")).Order());
        Assert.All(Value("tools").EnumerateArray(), t => Assert.True(t.GetProperty("hasOutputSchema").GetBoolean()));
        Assert.Equal("I live in Lisbon.", Structured("add_inferred").GetProperty("results")[0].Str("memory"));
        Assert.Equal("PENDING", Structured("add_async").Str("status"));
        Assert.Equal("SUCCEEDED", Structured("event").Str("status"));
        Assert.Contains("I live in Lisbon.", Memories(Structured("search")));
        Assert.Equal(["Likes green tea"], Memories(Structured("search_filters")));
        Assert.Equal(2, Structured("list").GetProperty("results").GetArrayLength());
        Assert.Single(Structured("list_next").GetProperty("results").EnumerateArray());
        Assert.Equal("I live in Lisbon.", Structured("get").Str("memory"));
        Assert.Equal("I live in Porto now.", Structured("update").Str("memory"));
        Assert.Equal(["ADD", "UPDATE"], Structured("history").GetProperty("results").EnumerateArray().Select(h => h.Str("event")));
        Assert.Contains(Structured("entities").GetProperty("results").EnumerateArray(), e => e.Str("name") == "ts-ana");
        Assert.Equal("Memory deleted successfully.", Structured("delete").Str("message"));
        Assert.Contains("(404)", ToolError("get_deleted"));
        Assert.Contains("(400)", ToolError("bad_id"));
        Assert.Contains("(422)", ToolError("no_scope"));
        Assert.Equal(["memory://users/{user_id}/memories"], Value("resource_templates").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("I live in Porto now.", Value("resource").GetString());
        Assert.Contains("<memories>", Value("prompt")[0].GetString());
        Assert.Equal(["Allowed note"], Memories(Structured("restricted_own")));
        Assert.Contains("(403)", ToolError("restricted_other"));
        Assert.Contains("(404)", ToolError("restricted_get_other"));
        var reachable = Structured("restricted_entities").GetProperty("results").EnumerateArray().Select(e => e.Str("name")).ToList();
        Assert.Contains("allowed-ts-1", reachable);
        Assert.All(reachable, name => Assert.StartsWith("allowed-", name));
        Assert.Contains("I live in Porto now.", Memories(Structured("read_key_search")));
        Assert.Contains("403", steps["read_key_add"].Str("message"));
        Assert.Contains("not valid", steps["wrong_key"].Str("message"));
        Assert.Contains("API key is required", steps["no_key"].Str("message"));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"Note number {i}"), Value("concurrent").EnumerateArray().Select(s => Assert.Single(s.EnumerateArray()).GetString()));
        Assert.Equal(ToolNames.Order(), Value("mcp_remote").GetProperty("tools").EnumerateArray().Select(t => t.GetString()).Order());
        Assert.Equal(ToolNames.Order(), Value("inspector").EnumerateArray().Select(t => t.GetString()).Order());

        // What the service holds after the run, read over HTTP with the same tenant's key.
        using var http = server.Http(server.AlphaKey);
        async Task<string[]> HeldAsync(string user) =>
            [.. (await (await http.GetAsync($"/memories?user_id={user}", Cancel)).ReadJsonAsync()).Results().Select(m => m.Str("memory")).Order(StringComparer.Ordinal)];
        Assert.Equal(["I live in Porto now.", "I play the cello."], await HeldAsync("ts-ana"));
        Assert.Equal(["Allowed note"], await HeldAsync("allowed-ts-1"));
        Assert.Equal(["Told through the bridge"], await HeldAsync("ts-bridge"));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal([$"Note number {i}"], await HeldAsync($"ts-c{i}"));
        }
    }

    private async Task<McpClient> ConnectAsync(string? key)
    {
        var headers = new Dictionary<string, string>();
        if (key is not null)
        {
            headers["Authorization"] = $"Bearer {key}";
        }

        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = server.McpEndpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
        });
        return await McpClient.CreateAsync(transport, cancellationToken: Cancel);
    }

    /// <summary>Calls a tool that must succeed; returns its structured content.</summary>
    private static async Task<JsonElement> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: Cancel);
        Assert.True(result.IsError != true, $"{tool} failed: {Text(result)}");
        Assert.False(string.IsNullOrWhiteSpace(Text(result)), $"{tool} has no text rendering");
        return Assert.IsType<JsonElement>(result.StructuredContent);
    }

    /// <summary>Calls a tool that must answer a tool error; returns its text.</summary>
    private static async Task<string> ToolErrorAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: Cancel);
        Assert.True(result.IsError == true, $"{tool} should have failed: {Text(result)}");
        Assert.Null(result.StructuredContent);
        return Text(result);
    }

    private static string Text(CallToolResult result) => string.Join('\n', result.Content.OfType<TextContentBlock>().Select(c => c.Text));
}

public sealed class SqliteMcpClientTests(SqliteMcpServer server) : McpClientTests(server), IClassFixture<SqliteMcpServer>;

public sealed class PostgresMcpClientTests(PostgresMcpServer server) : McpClientTests(server), IClassFixture<PostgresMcpServer>;
