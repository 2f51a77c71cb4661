using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api.Security;

/// <summary>What a key reaches: its own tenant only, and inside it only its people when restricted. By id, a memory or
/// event outside that reach answers exactly as an unknown one (404); a named scope outside it is refused (403).</summary>
public abstract class TenantIsolationApiTests : TenantApiTestBase
{
    [Fact]
    public async Task A_key_gets_404_for_another_tenants_memory_on_every_by_id_route()
    {
        var t2 = await KeyAsync("t2");
        var id = await AddOneAsync(t2, "I like tea.", "ana");
        var historyId = await HistoryIdAsync(id);

        foreach (var t1 in new[] { await KeyAsync("t1"), await KeyAsync("t1", "admin") })
        {
            await AssertAllByIdRoutesAre404Async(t1, id, historyId);
        }

        Assert.Equal(["I like tea."], (await Store.QueryAsync($"SELECT memory FROM {{s}}memories WHERE id = '{id}'")).Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task A_key_restricted_to_ana_is_refused_everything_of_bob_and_of_no_person()
    {
        var ana = await AddAsync(new { messages = "Ana likes tea.", user_id = "ana", agent_id = "helper", infer = false });
        var bob = await AddAsync(new { messages = "Bob likes chess.", user_id = "bob", agent_id = "helper", infer = false });
        var agentOnly = await AddAsync(new { messages = "The helper speaks slowly.", agent_id = "helper", infer = false });
        var bobId = bob[0].Str("id");
        var restricted = await KeyAsync("default", "write", userIds: ["ana"]);

        foreach (var (method, path, body) in RefusedForBob())
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
            await (await restricted.SendAsync(request)).ReadProblemAsync(HttpStatusCode.Forbidden);
        }

        await AssertAllByIdRoutesAre404Async(restricted, bobId, await HistoryIdAsync(bobId));
        await (await restricted.GetAsync($"/memories/{agentOnly[0].Str("id")}")).ReadProblemAsync(HttpStatusCode.NotFound);

        // Ana is reachable, and listings show only her.
        Assert.Single(await ReadResultsAsync(restricted.GetAsync("/memories?user_id=ana")));
        Assert.Single(await ReadResultsAsync(restricted.PostJsonAsync("/search", new { query = "tea", user_id = "ana" })));
        await (await restricted.GetAsync($"/memories/{ana[0].Str("id")}")).ReadJsonAsync();
        await AddOneAsync(restricted, "Ana also likes cake.", "ana");
        var entities = await ReadResultsAsync(restricted.GetAsync("/v1/entities/"));
        Assert.Equal(["user:ana"], entities.Select(e => $"{e.Str("type")}:{e.Str("name")}"));
        Assert.Contains(await ReadResultsAsync(Client.GetAsync("/v1/entities/")), e => e.Str("name") == "bob");
        var turnScopes = await ReadResultsAsync(restricted.GetAsync("/turns/scopes"));
        Assert.NotEmpty(turnScopes);
        Assert.All(turnScopes, s => Assert.Equal("ana", s.Str("user_id")));
        Assert.Contains(await ReadResultsAsync(Client.GetAsync("/turns/scopes")), s => s.Str("user_id") == "bob");

        Assert.Equal(["Bob likes chess."], (await Store.QueryAsync($"SELECT memory FROM {{s}}memories WHERE id = '{bobId}'")).Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task A_key_restricted_by_prefix_reaches_exactly_the_people_it_names()
    {
        var org1 = await KeyAsync("default", "read", userIdPrefix: "org1-");
        var both = await KeyAsync("default", "write", userIds: ["ana"], userIdPrefix: "org1-");
        await AddAsync(new { messages = "Ana likes tea.", user_id = "org1-ana", infer = false });

        Assert.Single(await ReadResultsAsync(org1.GetAsync("/memories?user_id=org1-ana")));
        await (await org1.GetAsync("/memories?user_id=org2-bob")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await org1.GetAsync("/memories?user_id=ORG1-ana")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await AddOneAsync(both, "Ana likes cake.", "ana");
        await AddOneAsync(both, "Carl likes cake.", "org1-carl");
        await (await both.PostJsonAsync("/memories", new { messages = "x", user_id = "bob", infer = false })).ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Another_tenants_event_is_404_on_both_event_routes()
    {
        var t2 = await KeyAsync("t2");
        var accepted = await (await t2.PostJsonAsync("/memories?async=true", new { messages = "I like tea.", user_id = "ana", infer = false })).ReadJsonAsync(HttpStatusCode.Accepted);
        var eventId = accepted.Str("event_id");

        foreach (var t1 in new[] { await KeyAsync("t1"), await KeyAsync("t1", "admin") })
        {
            await (await t1.GetAsync($"/events/{eventId}")).ReadProblemAsync(HttpStatusCode.NotFound);
            await (await t1.GetAsync($"/v1/event/{eventId}/")).ReadProblemAsync(HttpStatusCode.NotFound);
        }
    }

    // ---- The tests below need the stores to write and filter by tenant (the store helpers' branch). ----

    [Fact]
    public async Task Each_tenant_reads_only_its_own_memories()
    {
        var t1 = await KeyAsync("t1");
        var t2 = await KeyAsync("t2");
        var t1Id = await AddOneAsync(t1, "Ana likes tea.", "ana");
        var t2Id = await AddOneAsync(t2, "Ana likes coffee.", "ana");
        await AddOneAsync(t2, "Zed likes chess.", "zed");

        Assert.Equal("Ana likes coffee.", (await (await t2.GetAsync($"/memories/{t2Id}")).ReadJsonAsync()).Str("memory"));
        Assert.Equal([t1Id], (await ReadResultsAsync(t1.GetAsync("/memories?user_id=ana"))).Select(m => m.Str("id")));
        Assert.Equal([t1Id], (await ReadResultsAsync(t1.PostJsonAsync("/search", new { query = "likes", user_id = "ana" }))).Select(m => m.Str("id")));
        Assert.Equal([t2Id], (await ReadResultsAsync(t2.PostJsonAsync("/v3/memories/search/", new { query = "likes", filters = new { user_id = "ana" } }))).Select(m => m.Str("id")));
        Assert.Equal([t1Id], (await ReadResultsAsync(t1.PostJsonAsync("/v3/memories/", new { filters = new { user_id = "ana" } }))).Select(m => m.Str("id")));
        Assert.DoesNotContain(await ReadResultsAsync(t1.GetAsync("/v1/entities/")), e => e.Str("name") == "zed");
        Assert.Empty(await ListAsync("user_id=ana"));

        // Deleting "everything of ana" in t1 leaves t2's ana alone.
        await (await t1.DeleteAsync("/memories?user_id=ana")).ReadJsonAsync();
        Assert.Single(await ReadResultsAsync(t2.GetAsync("/memories?user_id=ana")));
    }

    [Fact]
    public async Task A_tenant_sees_its_own_event_and_the_worker_applies_it_in_that_tenant()
    {
        var t2 = await KeyAsync("t2");
        var accepted = await (await t2.PostJsonAsync("/memories?async=true", new { messages = "I like tea.", user_id = "ana", infer = false })).ReadJsonAsync(HttpStatusCode.Accepted);
        var eventId = accepted.Str("event_id");

        var done = await (await t2.GetAsync($"/events/{eventId}?wait=20s")).ReadJsonAsync();
        Assert.Equal("SUCCEEDED", done.Str("status"));
        await (await t2.GetAsync($"/v1/event/{eventId}/")).ReadJsonAsync();
        Assert.Single(await ReadResultsAsync(t2.GetAsync("/memories?user_id=ana")));
        Assert.Empty(await ListAsync("user_id=ana"));
        var defaultAdmin = await KeyAsync("default", "admin");
        await (await defaultAdmin.GetAsync($"/events/{eventId}")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Import_writes_into_the_importing_admins_tenant()
    {
        var t1Admin = await KeyAsync("t1", "admin");
        var t1 = await KeyAsync("t1", "read");
        var lines = """
            {"memory":"Ana likes tea.","user_id":"ana","tenant":"t2"}
            {"memory":"Ana likes cake.","user_id":"ana"}
            """;

        var report = await (await t1Admin.PostAsync("/admin/import", new StringContent(lines, Encoding.UTF8, "application/x-ndjson"))).ReadJsonAsync();

        Assert.Equal(2, report.GetProperty("imported").GetInt32());
        Assert.Equal(2, (await ReadResultsAsync(t1.GetAsync("/memories?user_id=ana"))).Length);
        Assert.Empty(await ListAsync("user_id=ana"));
        Assert.Empty(await ReadResultsAsync((await KeyAsync("t2", "read")).GetAsync("/memories?user_id=ana")));
    }

    /// <summary>Routes naming bob, or no person, for a key restricted to ana: every one a 403.</summary>
    private static IEnumerable<(string Method, string Path, object? Body)> RefusedForBob() =>
    [
        ("GET", "/memories?user_id=bob", null),
        ("GET", "/memories?agent_id=helper", null),
        ("GET", "/memories?filters=" + Uri.EscapeDataString("""{"user_id":"bob"}"""), null),
        ("POST", "/search", new { query = "chess", user_id = "bob" }),
        ("POST", "/search", new { query = "chess", agent_id = "helper" }),
        ("POST", "/search", new { query = "chess", filters = new { user_id = "bob" } }),
        ("POST", "/memories", new { messages = "x", user_id = "bob", infer = false }),
        ("POST", "/memories", new { messages = "x", agent_id = "helper", infer = false }),
        ("POST", "/memories?async=true", new { messages = "x", user_id = "bob", infer = false }),
        ("DELETE", "/memories?user_id=bob", null),
        ("POST", "/v3/memories/search/", new { query = "chess", filters = new { user_id = "bob" } }),
        ("POST", "/v3/memories/search/", new { query = "chess", filters = new { OR = new object[] { new { user_id = "ana" }, new { user_id = "bob" } } } }),
        ("POST", "/v3/memories/search/", new { query = "chess", filters = new { agent_id = "helper" } }),
        ("POST", "/v3/memories/", new { filters = new { user_id = "bob" } }),
        ("POST", "/v3/memories/add/", new { messages = "x", user_id = "bob", infer = false }),
        ("DELETE", "/v1/memories/?user_id=bob", null),
        ("DELETE", "/v1/entities/user/bob/", null),
        ("DELETE", "/v2/entities/agent/helper/", null),
        ("GET", "/turns?user_id=bob", null),
        ("GET", "/graph/relations?user_id=bob", null),
        ("GET", "/users/bob/export", null),
        ("DELETE", "/users/bob", null),
        ("POST", "/jobs/distill/lease", new { holder = "w1", ttl_seconds = 60 }),
    ];

    /// <summary>Every route that names a memory by id: native and Mem0's. Each must answer 404.</summary>
    private static async Task AssertAllByIdRoutesAre404Async(HttpClient client, string id, string historyId)
    {
        await (await client.GetAsync($"/memories/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsJsonAsync($"/memories/{id}", new { text = "Hijacked." })).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/memories/{id}/history")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostJsonAsync($"/memories/{id}/revert", new { history_id = historyId })).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"/memories/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/v1/memories/{id}/")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsJsonAsync($"/v1/memories/{id}/", new { text = "Hijacked." })).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/v1/memories/{id}/history/")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"/v1/memories/{id}/")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsJsonAsync("/v1/batch/", new { memories = new[] { new { memory_id = id, text = "Hijacked." } } })).ReadProblemAsync(HttpStatusCode.NotFound);
        var batchDelete = new HttpRequestMessage(HttpMethod.Delete, "/v1/batch/") { Content = JsonContent.Create(new { memories = new[] { new { memory_id = id } } }) };
        await (await client.SendAsync(batchDelete)).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<string> HistoryIdAsync(string memoryId) =>
        (await Store.QueryAsync($"SELECT id FROM {{s}}memory_history WHERE memory_id = '{memoryId}'")).Select(r => r[0]!.ToString()!).First();

    private static async Task<JsonElement[]> ReadResultsAsync(Task<HttpResponseMessage> response) => (await (await response).ReadJsonAsync()).Results();
}

public sealed class SqliteTenantIsolationApiTests : TenantIsolationApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresTenantIsolationApiTests : TenantIsolationApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
