using System.Text.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api.Mem0Clients;

/// <summary>
/// mem0ai 2.4.6's MemoryClient (what LangChain's Mem0Memory, @mem0/community and @mastra/mem0 install) through every
/// memory method it has, with its default api_version (v1) and with "v2", and @mastra/mem0 over it, unchanged but for
/// the host, against MemoryApi on both stores (tests/mem0-client-2x/drive-client.cjs). Each change is checked against
/// what the service then holds, read through the native route.
/// </summary>
public abstract class Mem0Client2xTests : Mem0ClientServer
{
    private const string Folder = "mem0-client-2x";

    [Fact]
    public async Task Every_memory_method_of_mem0ai_2x_and_mastra_works_against_this_service()
    {
        // Both API versions at once, on one service: their ids are prefixed apart.
        var v1 = RunAsync(Folder, "drive-client.cjs", "mem0ai", new Dictionary<string, string> { ["MEM0_API_VERSION"] = "v1", ["MEM0_PREFIX"] = "v1-", ["MEM0_MASTRA"] = "1" });
        var v2 = RunAsync(Folder, "drive-client.cjs", "mem0ai", new Dictionary<string, string> { ["MEM0_API_VERSION"] = "v2", ["MEM0_PREFIX"] = "v2-" });
        var reports = await Task.WhenAll(v1, v2);
        AssertClient(reports[0], "v1", "/v1/memories/");
        AssertClient(reports[1], "v2", "/v2/memories/");
        AssertMastra(reports[0]);
    }

    private static void AssertClient(Mem0Report r, string version, string listPath)
    {
        var p = version + "-";
        Assert.Equal("ok", r.Value("ping").GetString());

        // add answers a bare array of results (2.x's Array<Memory>), and the service holds exactly what was said.
        var paris = Assert.Single(r.Value("add_inferred").EnumerateArray());
        Assert.Equal(("ADD", "I live in Paris.", "I live in Paris."), (paris.Str("event"), paris.Str("memory"), paris.GetProperty("data").Str("memory")));
        Assert.Equal(["I live in Paris."], r.Held("add_inferred"));
        Assert.Equal("home", r.HeldItems("add_inferred")[0].GetProperty("metadata").Str("topic"));
        Assert.Equal(["I like green tea."], r.Held("add_verbatim_run"));
        Assert.Equal(5, r.HeldItems("add_verbatim_run")[0].GetProperty("metadata").GetProperty("rating").GetInt32());
        // output_format v1.1: {results, relations}; the graph is on by default here, so relations says what it added.
        var v11 = r.Value("add_v11");
        Assert.Equal("I keep a diary.", Assert.Single(v11.Results()).Str("memory"));
        Assert.Contains(v11.GetProperty("relations").GetProperty("added_entities").EnumerateArray(), e => e.Str("source") == p + "bo");
        Assert.Equal(["I keep a diary."], r.Held("add_v11"));
        Assert.Equal(["The helper agent answers in French."], r.Held("add_agent"));
        Assert.Equal(3, r.Value("add_pages").GetArrayLength());
        Assert.Equal(["Note one.", "Note three.", "Note two."], r.Held("add_pages"));
        var queued = Assert.Single(r.Value("add_async").Results());
        Assert.Equal("PENDING", queued.Str("status"));
        // An option we cannot honour is a 400 naming it, and nothing is stored.
        r.Failed("add_unsupported", "ValidationError", "'immutable' is not supported");
        Assert.Equal(["I keep a diary."], r.Held("add_unsupported"));

        // search answers a bare array; top-level ids (v1) and v2 filters read the same scopes.
        Assert.Equal("I live in Paris.", r.Value("search_user")[0].Str("memory"));
        Assert.Equal(p + "ana", r.Value("search_user")[0].Str("user_id"));
        Assert.Equal(["I like green tea."], Mem0Report.Texts(r.Value("search_run")));
        Assert.Equal(2, r.Value("search_limit").GetArrayLength());
        Assert.Equal(0, r.Value("search_threshold").GetArrayLength());
        Assert.Equal(["I keep a diary."], Mem0Report.Texts(r.Value("search_v11").GetProperty("results")));
        r.Failed("search_unscoped", "ValidationError", "user_id");

        // getAll: the whole match as an array, newest first; the Platform's page object with page/page_size.
        Assert.Equal(["I like green tea.", "I live in Paris."], Mem0Report.Texts(r.Value("get_all_ana")));
        var page1 = r.Value("get_all_page1");
        var page2 = r.Value("get_all_page2");
        Assert.Equal((3, 2, 1), (page1.GetProperty("count").GetInt32(), page1.Results().Length, page2.Results().Length));
        Assert.Contains(listPath + "?", page1.Str("next"));
        Assert.Contains("page=2", page1.Str("next"));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next").ValueKind);
        Assert.Equal(["Note one.", "Note three.", "Note two."], [.. page1.Results().Concat(page2.Results()).Select(m => m.Str("memory")).Order(StringComparer.Ordinal)]);

        Assert.Equal("I live in Paris.", r.Value("get").Str("memory"));
        Assert.Equal("I live in Rome.", r.Value("update").Str("memory"));
        Assert.Equal(["I like green tea.", "I live in Rome."], r.Held("update"));
        Assert.True(r.HeldItems("update").EnumerateArray().Single(m => m.Str("memory") == "I live in Rome.").GetProperty("metadata").GetProperty("moved").GetBoolean());
        Assert.Equal(["ADD", "UPDATE"], r.Value("history").EnumerateArray().Select(h => h.Str("event")));
        Assert.Contains("deleted", r.Value("delete").Str("message"));
        Assert.Equal(["I like green tea."], r.Held("delete"));
        r.Failed("get_deleted", "MemoryNotFoundError", "was not found");

        Assert.Equal(["Note one, revised.", "Note three.", "Note two."], r.Held("batch_update"));
        Assert.Equal(2, r.Held("batch_delete").Length);

        Assert.Contains(r.Value("users").Results(), u => u.Str("type") == "user" && u.Str("name") == p + "ana");
        Assert.Empty(r.Held("delete_user"));
        Assert.Empty(r.Held("delete_users_agent"));
        Assert.Empty(r.Held("delete_all"));

        // The async add was applied, and GET /v1/events/ lists it.
        var applied = r.Value("event_async");
        Assert.Equal((queued.Str("event_id"), "SUCCEEDED"), (applied.Str("id"), applied.Str("status")));
        Assert.Equal(["I play the cello."], r.Held("event_async"));
        Assert.Contains(r.Value("events").Results(), e => e.Str("id") == queued.Str("event_id") && e.Str("status") == "SUCCEEDED");

        // Routes the Platform has and this service does not: a 404 problem naming the closest route, never silence.
        r.Failed("feedback", "MemoryNotFoundError", "/v1/feedback/", "closest supported route");
        r.Failed("export", "MemoryNotFoundError", "/v1/exports/", "closest supported route");
        r.Failed("wrong_key", "AuthenticationError", "not valid");
        r.NoUnexpectedError();
    }

    private static void AssertMastra(Mem0Report r)
    {
        // Mastra's createMemory splits a string into one user message per line and answers the memories as one string.
        Assert.Equal(["I grow tomatoes.", "I have a dog named Rex."], r.Held("mastra_create"));
        Assert.Contains("I grow tomatoes.", r.Value("mastra_create").GetString());
        Assert.Equal(["I grow tomatoes.", "I have a dog named Rex.", "I live in Lyon."], r.Held("mastra_create_inferred"));
        Assert.Contains("I have a dog named Rex.", r.Value("mastra_search").GetString());
        // Its config's user id is sent with every call, but a per-call user_id wins: another person's search finds nothing.
        Assert.Equal(string.Empty, r.Value("mastra_search_other_user").GetString());
    }
}

public sealed class SqliteMem0Client2xTests : Mem0Client2xTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresMem0Client2xTests : Mem0Client2xTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
