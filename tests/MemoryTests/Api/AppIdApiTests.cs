using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MemoryTests.Api.Security;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api;

/// <summary>
/// Mem0's app_id (issue 17) over HTTP on both stores: stored and answered on the native and Mem0 routes, a filter on
/// every read, part of the exact tuple of a write, listed and deleted as an "app" entity, carried by queued adds,
/// imports and exports; an app alone never owns a memory; and a key restricted to some people can never reach other
/// people's memories through an app-only scope, whichever route it tries.
/// </summary>
public abstract class AppIdApiTests : TenantApiTestBase
{
    private static async Task<string> AddAsync(HttpClient client, string text, string? userId, string? appId, string? agentId = null) =>
        (await (await client.PostJsonAsync("/memories", new { messages = text, user_id = userId, agent_id = agentId, app_id = appId, infer = false })).ReadJsonAsync()).Results()[0].Str("id");

    private static async Task<string[]> TextsAsync(HttpClient client, string query) =>
        [.. (await (await client.GetAsync("/memories?" + query)).ReadJsonAsync()).Results().Select(m => m.Str("memory")).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Native_routes_store_filter_search_and_delete_by_app_id()
    {
        var inDiary = await AddAsync(Client, "I like tea.", "ana", "diary");
        var plain = await AddAsync(Client, "I like tea.", "ana", null);
        await AddAsync(Client, "Bob likes tea.", "bob", "diary");

        Assert.NotEqual(inDiary, plain); // the same text in another exact tuple is another memory
        var stored = await (await Client.GetAsync($"/memories/{inDiary}")).ReadJsonAsync();
        Assert.Equal(("ana", "diary"), (stored.Str("user_id"), stored.Str("app_id")));
        Assert.False((await (await Client.GetAsync($"/memories/{plain}")).ReadJsonAsync()).TryGetProperty("app_id", out _));
        Assert.Equal(["I like tea.", "I like tea."], await TextsAsync(Client, "user_id=ana"));
        Assert.Equal(["I like tea."], await TextsAsync(Client, "user_id=ana&app_id=diary"));
        Assert.Equal(["Bob likes tea.", "I like tea."], await TextsAsync(Client, "app_id=diary"));
        Assert.Equal(["I like tea."], await TextsAsync(Client, "user_id=ana&filters=" + Uri.EscapeDataString("""{"app_id":"diary"}""")));
        Assert.Empty(await TextsAsync(Client, "user_id=ana&app_id=shop"));

        var searched = await SearchAsync(new { query = "tea", user_id = "ana", app_id = "diary" });
        Assert.Equal([inDiary], searched.Select(m => m.Str("id")));
        Assert.Equal("diary", searched[0].Str("app_id"));
        Assert.Equal([inDiary], (await SearchAsync(new { query = "tea", filters = new { user_id = "ana", app_id = "diary" } })).Select(m => m.Str("id")));
        Assert.Equal(2, (await SearchAsync(new { query = "tea", app_id = "diary" })).Length);

        // An app names no owner: it may read and delete, never own a memory.
        await (await Client.PostJsonAsync("/memories", new { messages = "Orphan.", app_id = "diary", infer = false })).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await Client.PostJsonAsync("/memories", new { messages = "Bad.", user_id = "ana", app_id = "a\u0000b", infer = false })).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.PostJsonAsync("/memories", new { messages = "Bad.", user_id = "ana", app_id = new string('a', 257), infer = false })).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.PostJsonAsync("/memories", new { messages = "Bad.", user_id = "ana", app_id = " ", infer = false })).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.PostRawAsync("/search", """{"query":"tea","user_id":"ana","filters":{"app_id":"shop"},"app_id":"diary"}""")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.PostRawAsync("/memories", """{"messages":"Bad.","user_id":"ana","app_id":5,"infer":false}""")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.PostRawAsync("/v3/memories/search/", """{"query":"tea","filters":{"app_id":{"ne":"diary"}}}""")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.PostRawAsync("/v3/memories/search/", """{"query":"tea","filters":{"app_id":"*"}}""")).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(2, (await TextsAsync(Client, "app_id=diary")).Length);

        var deleted = await (await Client.DeleteAsync("/memories?app_id=diary")).ReadJsonAsync();
        Assert.Equal(2, deleted.GetProperty("deleted").GetInt32());
        Assert.Equal([plain], (await ListAsync("user_id=ana")).Select(m => m.Str("id")));
        Assert.Empty(await ListAsync("user_id=bob"));
    }

    [Fact]
    public async Task Mem0_routes_store_filter_list_and_delete_by_app_id_and_list_apps_as_entities()
    {
        var added = await (await Client.PostJsonAsync("/v3/memories/add/", new { messages = new[] { new { role = "user", content = "I walk in the park." } }, user_id = "ana", app_id = "diary", infer = false })).ReadJsonAsync();
        var inDiary = added.Results()[0].Str("id");
        await AddAsync(Client, "Bob walks in the park.", "bob", "diary");
        var plain = await AddAsync(Client, "I walk in the park.", "ana", null);
        await AddAsync(Client, "I buy shoes.", "ana", "shop");

        Assert.Equal("diary", (await (await Client.GetAsync($"/v1/memories/{inDiary}/")).ReadJsonAsync()).Str("app_id"));
        Assert.Equal(JsonValueKind.Null, (await (await Client.GetAsync($"/v1/memories/{plain}/")).ReadJsonAsync()).GetProperty("app_id").ValueKind);
        async Task<string[]> Search(string body) =>
            [.. (await (await Client.PostRawAsync("/v3/memories/search/", body)).ReadJsonAsync()).Results().Select(m => m.Str("id")).Order()];
        Assert.Equal([inDiary], await Search("""{"query":"park","filters":{"AND":[{"user_id":"ana"},{"app_id":"diary"}]}}"""));
        Assert.Equal([inDiary], await Search("""{"query":"park","user_id":"ana","app_id":"diary"}"""));
        Assert.Equal(2, (await Search("""{"query":"park","filters":{"app_id":"diary"}}""")).Length);
        Assert.Equal(3, (await Search("""{"query":"park","filters":{"app_id":{"in":["diary","shop"]}}}""")).Length);
        var listed = await (await Client.PostRawAsync("/v3/memories/", """{"filters":{"app_id":"diary"}}""")).ReadJsonAsync();
        Assert.Equal(2, listed.GetProperty("count").GetInt32());
        Assert.All(listed.Results(), m => Assert.Equal("diary", m.Str("app_id")));

        var entities = (await (await Client.GetAsync("/v1/entities/")).ReadJsonAsync()).Results();
        Assert.Contains(entities, e => (e.Str("type"), e.Str("name"), e.GetProperty("total_memories").GetInt32()) == ("app", "diary", 2));
        Assert.Contains(entities, e => (e.Str("type"), e.Str("name")) == ("app", "shop"));

        await (await Client.DeleteAsync("/v1/memories/?app_id=shop")).ReadJsonAsync();
        Assert.Equal(["I walk in the park.", "I walk in the park."], await TextsAsync(Client, "user_id=ana"));
        await (await Client.DeleteAsync("/v2/entities/app/diary/")).ReadJsonAsync();
        Assert.Equal([plain], (await ListAsync("user_id=ana")).Select(m => m.Str("id")));
        Assert.Empty(await ListAsync("user_id=bob"));
        Assert.DoesNotContain((await (await Client.GetAsync("/v1/entities/")).ReadJsonAsync()).Results(), e => e.Str("type") == "app");
    }

    /// <summary>The safety property: an app spans people, so a scope naming only an app (or any branch of a filter that
    /// does) is refused a key restricted to some people on every route, and nothing is read or deleted; naming one of its
    /// people with the app narrows to that person. Another tenant's key sees nothing of this tenant's app.</summary>
    [Fact]
    public async Task A_key_restricted_to_some_people_never_reaches_others_through_an_app()
    {
        var anas = await AddAsync(Client, "Ana's diary: I take my pills at eight.", "ana", "diary");
        await AddAsync(Client, "Bob's diary: my code is 4711.", "bob", "diary");
        await AddAsync(Client, "Helper's diary note.", null, "diary", agentId: "helper");
        var key = await CreateKeyAsync(new { name = "only ana", role = "write", user_ids = new[] { "ana" } });
        using var onlyAna = Factory.CreateAuthorizedClient(key.Str("secret"));

        await (await onlyAna.GetAsync("/memories?app_id=diary")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await onlyAna.GetAsync("/memories?user_id=bob&app_id=diary")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await onlyAna.GetAsync("/memories?agent_id=helper&app_id=diary")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await onlyAna.PostJsonAsync("/search", new { query = "diary", app_id = "diary" })).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await onlyAna.PostJsonAsync("/search", new { query = "diary", filters = new { app_id = "diary" } })).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await onlyAna.PostRawAsync("/v3/memories/search/", """{"query":"diary","filters":{"app_id":"diary"}}""")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await onlyAna.PostRawAsync("/v3/memories/search/", """{"query":"diary","app_id":"diary"}""")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await onlyAna.PostRawAsync("/v3/memories/", """{"filters":{"OR":[{"user_id":"ana"},{"app_id":"diary"}]}}""")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await onlyAna.GetAsync("/graph/relations?app_id=diary")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await onlyAna.GetAsync("/turns?app_id=diary")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await onlyAna.DeleteAsync("/memories?app_id=diary")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await onlyAna.DeleteAsync("/v1/memories/?app_id=diary")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await onlyAna.DeleteAsync("/v1/entities/app/diary/")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await onlyAna.PostJsonAsync("/memories", new { messages = "Mine?", app_id = "diary", infer = false })).ReadProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal([anas], (await (await onlyAna.GetAsync("/memories?user_id=ana&app_id=diary")).ReadJsonAsync()).Results().Select(m => m.Str("id")));
        var found = (await (await onlyAna.PostJsonAsync("/search", new { query = "diary code pills", user_id = "ana", app_id = "diary" })).ReadJsonAsync()).Results();
        Assert.Equal([anas], found.Select(m => m.Str("id")));
        var entities = await (await onlyAna.GetAsync("/v1/entities/")).ReadJsonAsync();
        Assert.All(entities.Results(), e => Assert.Equal(("user", "ana"), (e.Str("type"), e.Str("name"))));

        using var otherTenant = await KeyAsync("t1");
        Assert.Empty((await (await otherTenant.GetAsync("/memories?app_id=diary")).ReadJsonAsync()).Results());
        await (await otherTenant.DeleteAsync("/memories?app_id=diary")).ReadJsonAsync();
        Assert.Equal(3, (await ListAsync("app_id=diary")).Length); // nothing was read or deleted by the refused requests
    }

    [Fact]
    public async Task Queued_adds_imports_and_exports_carry_the_app()
    {
        var accepted = await (await Client.PostJsonAsync("/memories?async=true", new { messages = "I water the plants.", user_id = "ana", app_id = "garden", infer = false })).ReadJsonAsync(HttpStatusCode.Accepted);
        var done = await (await Client.GetAsync($"/events/{accepted.Str("event_id")}?wait=20s")).ReadJsonAsync();
        Assert.Equal(("SUCCEEDED", "garden"), (done.Str("status"), done.Str("app_id")));
        var queued = done.Results()[0].Str("id");
        Assert.Equal("garden", (await (await Client.GetAsync($"/memories/{queued}")).ReadJsonAsync()).Str("app_id"));

        using var admin = Factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey);
        var file = string.Join("\n",
            """{"memory":"I prune the roses.","user_id":"ana","app_id":"garden"}""",
            """{"memory":"I prune the roses.","user_id":"ana"}""",
            """{"memory":"No owner.","app_id":"garden"}""");
        using var content = new StringContent(file, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-ndjson");
        var imported = await (await admin.PostAsync("/admin/import", content)).ReadJsonAsync();
        Assert.Equal((2, 1), (imported.GetProperty("imported").GetInt32(), imported.GetProperty("rejected").GetInt32()));
        Assert.Equal(3, imported.GetProperty("rejections")[0].GetProperty("line").GetInt32());
        Assert.Equal(["I prune the roses.", "I water the plants."], await TextsAsync(Client, "user_id=ana&app_id=garden"));

        var export = await (await Client.GetAsync("/users/ana/export")).ReadJsonAsync();
        var exported = export.GetProperty("memories").EnumerateArray().ToList();
        Assert.Equal(3, exported.Count);
        Assert.Equal(2, exported.Count(m => m.TryGetProperty("app_id", out var app) && app.GetString() == "garden"));
        Assert.Contains(export.GetProperty("events").EnumerateArray(), e => e.Str("app_id") == "garden");
    }
}

public sealed class SqliteAppIdApiTests : AppIdApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresAppIdApiTests : AppIdApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
