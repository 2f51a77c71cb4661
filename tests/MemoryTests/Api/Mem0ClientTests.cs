using System.Text.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api;

/// <summary>
/// The official Mem0 client (npm mem0ai 3.3.1, tests/mem0-client), unchanged but for its host, through every memory
/// method it has, against MemoryApi on a real Kestrel port (the client needs a socket, not a TestServer), on both stores.
/// </summary>
public abstract class Mem0ClientTests : Mem0Clients.Mem0ClientServer
{
    [Fact]
    public async Task Every_memory_method_of_the_official_client_works_against_this_service()
    {
        var steps = await RunClientAsync();

        void Failed(string name, string error, string named)
        {
            Assert.False(steps[name].GetProperty("ok").GetBoolean(), $"{name} should have failed: {steps[name]}");
            Assert.Equal(error, steps[name].Str("error"));
            Assert.Contains(named, steps[name].Str("message"));
        }

        JsonElement Value(string name)
        {
            Assert.True(steps[name].GetProperty("ok").GetBoolean(), $"{name} failed: {steps[name]}");
            return steps[name].GetProperty("value");
        }

        string[] Memories(JsonElement body) => [.. body.Results().Select(r => r.Str("memory")).Order(StringComparer.Ordinal)];

        Assert.Equal("ok", Value("ping").GetString());
        var paris = Assert.Single(Value("add_inferred").Results());
        Assert.Equal(("ADD", "I live in Paris."), (paris.Str("event"), paris.Str("memory")));
        Assert.Equal("SUCCEEDED", Value("add_verbatim_run").Str("status"));
        Assert.Equal(3, Value("add_pages").Results().Length);

        Assert.Contains("I live in Paris.", Memories(Value("search_user")));
        Assert.Equal(["I like green tea."], Memories(Value("search_and_metadata")));
        Assert.Equal(["I like green tea."], Memories(Value("search_session")));
        Assert.Equal(["I like green tea.", "I live in Paris.", "The helper agent answers in French."], Memories(Value("search_or_owners")));
        Assert.Equal(["I like green tea."], Memories(Value("search_metadata_operator")));
        Assert.Equal(["I like green tea."], Memories(Value("search_top_level_metadata")));
        // The client camel-cases what it reads: user_id arrives as userId.
        Assert.Equal("ana", Value("search_user").Results()[0].Str("userId"));
        Failed("search_unsupported_operator", "ValidationError", "icontains");
        Failed("search_unsupported_field", "ValidationError", "created_at");

        var page1 = Value("get_all_page1");
        var page2 = Value("get_all_page2");
        Assert.Equal((3, 2, 1), (page1.GetProperty("count").GetInt32(), page1.Results().Length, page2.Results().Length));
        Assert.Contains("page=2", page1.Str("next"));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next").ValueKind);
        Assert.Equal(["I like green tea.", "I live in Paris."], Memories(Value("get_all_ana")));

        Assert.Equal("I live in Paris.", Value("get").Str("memory"));
        Assert.Equal("I live in Rome.", Value("update").Str("memory"));
        Assert.Equal(["ADD", "UPDATE"], Value("history").EnumerateArray().Select(h => h.Str("event")));
        Assert.Equal("I live in Rome.", Value("history")[1].Str("newMemory"));
        Assert.Contains("deleted", Value("delete").Str("message"));
        Failed("get_deleted", "MemoryNotFoundError", "was not found");

        Assert.Contains("updated 1", Value("batch_update").Str("message"));
        Assert.Equal("Note one, revised.", Value("after_batch_update").Str("memory"));
        Assert.Contains("deleted 2", Value("batch_delete").Str("message"));
        Assert.Equal(["Note one, revised."], Memories(Value("after_batch_delete")));

        var users = Value("users").Results().Select(u => (u.Str("type"), u.Str("name"), u.GetProperty("totalMemories").GetInt32())).ToList();
        Assert.Equal([("agent", "helper", 1), ("run", "r1", 1), ("user", "ana", 1), ("user", "pager", 1)], users);
        Assert.Equal("Entity deleted successfully.", Value("delete_users_agent").Str("message"));
        Assert.DoesNotContain(Value("users_after_delete").Results(), u => u.Str("type") == "agent");
        Assert.Contains("deleted", Value("delete_all").Str("message"));
        Assert.Equal(0, Value("after_delete_all").GetProperty("count").GetInt32());
        Assert.Equal("PENDING", Value("add_async").Str("status"));
        Assert.Equal("Memory processing has been queued for background execution", Value("add_async").Str("message"));
        var applied = Value("event_async");
        Assert.Equal((Value("add_async").Str("eventId"), "SUCCEEDED"), (applied.Str("id"), applied.Str("status")));
        Assert.Equal(("ADD", "I play the cello."), (Assert.Single(applied.Results()).Str("event"), applied.Results()[0].Str("memory")));
        Assert.Equal(["I play the cello."], Memories(Value("after_async")));
        Failed("wrong_key", "AuthenticationError", "not valid");

        // Custom instructions and categories through the project methods and the add.
        string[] Categories(JsonElement memory) => [.. memory.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!)];
        string[] SetNames(JsonElement project) => [.. project.GetProperty("customCategories").EnumerateArray().Select(c => c.EnumerateObject().Single().Name)];
        Assert.Equal(15, SetNames(Value("project_default")).Length);
        Assert.Contains("personal_details", SetNames(Value("project_default")));
        Assert.False(steps["project_update_app_key"].GetProperty("ok").GetBoolean(), steps["project_update_app_key"].ToString());
        Assert.Equal("Project updated successfully.", Value("project_update").Str("message"));
        Assert.Equal("Remember allergies and how the person travels.", Value("project_after").Str("customInstructions"));
        Assert.Equal(["allergies", "transport"], SetNames(Value("project_after")));
        Assert.Equal(["allergies"], Categories(Value("get_project_categories")));
        Assert.Equal(["buses"], Categories(Value("get_call_categories")));
        Assert.Equal(["I take the bus to town."], Memories(Value("search_categories")));
        Assert.Equal(["I am allergic to peanuts."], Memories(Value("get_all_categories")));
        Assert.False(steps.ContainsKey("unexpected"), steps.TryGetValue("unexpected", out var unexpected) ? unexpected.ToString() : null);
    }

    private async Task<Dictionary<string, JsonElement>> RunClientAsync()
    {
        var folder = NodeScript.RequirePackage("mem0-client", "mem0ai", InstallCommand, "The Mem0 client (npm mem0ai)");
        var environment = new Dictionary<string, string> { ["MEM0_HOST"] = Address, ["MEM0_API_KEY"] = MemoryApiFactory.AppKey, ["MEM0_ADMIN_KEY"] = MemoryApiFactory.AdminKey };
        var run = await NodeScript.RunAsync(folder, "drive-client.cjs", InstallCommand, null, environment, TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, $"drive-client.cjs exited with {run.ExitCode}: {run.Stderr}");
        var report = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("steps");
        return report.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }
}

public sealed class SqliteMem0ClientTests : Mem0ClientTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresMem0ClientTests : Mem0ClientTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
