using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api;

/// <summary>The Mem0 Platform routes (what npm mem0ai 3.3.1 calls), their shapes and errors, on both stores (subclasses at the bottom).</summary>
public abstract class Mem0ApiTests : MemoryApiTestBase
{
    private async Task<JsonElement> Mem0AddAsync(object body) =>
        await (await Client.PostJsonAsync("/v3/memories/add/", body)).ReadJsonAsync();

    private async Task<string> AddOneAsync(string text, string userId = "ana", string? runId = null, object? metadata = null) =>
        (await Mem0AddAsync(new { messages = new[] { new { role = "user", content = text } }, user_id = userId, run_id = runId, infer = false, metadata })).Results()[0].Str("id");

    private async Task<JsonElement> Mem0SearchAsync(object body) =>
        await (await Client.PostJsonAsync("/v3/memories/search/", body)).ReadJsonAsync();

    [Fact]
    public async Task Ping_answers_ok_for_a_valid_key_and_401_for_another()
    {
        var ping = await (await Client.GetAsync("/v1/ping/")).ReadJsonAsync();
        Assert.Equal("ok", ping.Str("status"));
        // The client needs them for its project methods: stable ids of the key's tenant (see CategoriesApiTests).
        Assert.StartsWith("org_", ping.Str("org_id"), StringComparison.Ordinal);
        Assert.StartsWith("proj_", ping.Str("project_id"), StringComparison.Ordinal);
        Assert.Equal(ping.Str("project_id"), (await (await Client.GetAsync("/v1/ping/")).ReadJsonAsync()).Str("project_id"));

        using var stranger = Factory.CreateAuthorizedClient("not-a-key");
        await (await stranger.GetAsync("/v1/ping/")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Add_is_done_when_it_answers_with_the_applied_changes()
    {
        var added = await Mem0AddAsync(new { messages = new[] { new { role = "user", content = "I live in Paris." } }, user_id = "ana", metadata = new { topic = "home" } });

        Assert.Equal("SUCCEEDED", added.Str("status"));
        var result = Assert.Single(added.Results());
        Assert.Equal(("ADD", "I live in Paris.", "I live in Paris."), (result.Str("event"), result.Str("memory"), result.GetProperty("data").Str("memory")));
        var stored = await (await Client.GetAsync($"/v1/memories/{result.Str("id")}/")).ReadJsonAsync();
        Assert.Equal("home", stored.GetProperty("metadata").Str("topic"));
        Assert.Equal("ana", stored.Str("user_id"));
    }

    [Fact]
    public async Task Add_takes_session_id_as_the_run_and_rejects_what_it_cannot_honour()
    {
        var id = (await Mem0AddAsync(new { messages = "I like tea.", user_id = "ana", session_id = "s1", infer = false })).Results()[0].Str("id");
        Assert.Equal("s1", (await (await Client.GetAsync($"/v1/memories/{id}/")).ReadJsonAsync()).Str("run_id"));

        // app_id is stored (Mem0's fourth entity), but names no owner: alone it cannot own a memory.
        var inApp = (await Mem0AddAsync(new { messages = "I like tea in the shop.", user_id = "ana", app_id = "shop", infer = false })).Results()[0].Str("id");
        Assert.Equal("shop", (await (await Client.GetAsync($"/v1/memories/{inApp}/")).ReadJsonAsync()).Str("app_id"));
        await (await Client.PostJsonAsync("/v3/memories/add/", new { messages = "x", app_id = "shop", infer = false })).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        var schema = await (await Client.PostJsonAsync("/v3/memories/add/", new { messages = "x", user_id = "ana", structured_data_schema = new { type = "object" } })).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("structured_data_schema", schema);
        await (await Client.PostJsonAsync("/v3/memories/add/", new { messages = "x", user_id = "ana", run_id = "a", session_id = "b" })).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.PostJsonAsync("/v3/memories/add/", new { messages = "x" })).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Search_scopes_by_filters_with_and_or_and_metadata_operators()
    {
        var tea = await AddOneAsync("I like green tea.", runId: "r1", metadata: new { topic = "food", rating = 5 });
        var coffee = await AddOneAsync("I like black coffee.", metadata: new { topic = "food", rating = 2 });
        var bob = await AddOneAsync("Bob likes green tea too.", userId: "bob");

        string[] Ids(JsonElement body) => [.. body.Results().Select(r => r.Str("id")).Order()];

        Assert.Equal(new[] { tea, coffee }.Order(), Ids(await Mem0SearchAsync(new { query = "tea", filters = new { user_id = "ana" } })));
        Assert.Equal([tea], Ids(await Mem0SearchAsync(new { query = "tea", filters = new { AND = new object[] { new { user_id = "ana" }, new { metadata = new { rating = new { gte = 4 } } } } } })));
        Assert.Equal([tea], Ids(await Mem0SearchAsync(new { query = "tea", filters = new { AND = new object[] { new { user_id = "ana" }, new { session_id = "r1" } } } })));
        Assert.Equal(new[] { tea, coffee, bob }.Order(), Ids(await Mem0SearchAsync(new { query = "tea", filters = new { OR = new object[] { new { user_id = "ana" }, new { user_id = "bob" } } } })));
        Assert.Equal(new[] { tea, bob }.Order(), Ids(await Mem0SearchAsync(new { query = "tea", filters = new { user_id = new { @in = new[] { "ana", "bob" } }, NOT = new { rating = 2 } } })));
        Assert.Equal([tea], Ids(await Mem0SearchAsync(new { query = "tea", filters = new { user_id = "ana" }, metadata = new { rating = 5 } })));
        Assert.Single((await Mem0SearchAsync(new { query = "tea", filters = new { user_id = "ana" }, top_k = 1 })).Results());
        var scored = (await Mem0SearchAsync(new { query = "tea", filters = new { user_id = "bob" } })).Results()[0];
        Assert.True(scored.GetProperty("score").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Array, scored.GetProperty("categories").ValueKind);
    }

    [Theory]
    [InlineData("""{"AND":[{"user_id":"ana"},{"metadata":{"topic":{"icontains":"FO"}}}]}""", "icontains")]
    [InlineData("""{"user_id":"ana","created_at":{"gte":"2024-01-01"}}""", "created_at")]
    [InlineData("""{"user_id":"ana","categories":{"gt":"food"}}""", "'gt'")]
    [InlineData("""{"user_id":{"ne":"ana"}}""", "'ne'")]
    [InlineData("""{"user_id":"*"}""", "'*'")]
    [InlineData("""{"NOT":{"user_id":"ana"},"agent_id":"a"}""", "NOT")]
    [InlineData("""{"user_id":"ana","org_id":"o1"}""", "org_id")]
    public async Task Search_rejects_a_filter_it_cannot_honour_naming_it(string filters, string named)
    {
        var json = $$"""{"query":"tea","filters":{{filters}}}""";

        var detail = await (await Client.PostRawAsync("/v3/memories/search/", json)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(named, detail);
    }

    [Fact]
    public async Task Search_and_list_need_an_owner_in_every_branch()
    {
        await (await Client.PostRawAsync("/v3/memories/search/", """{"query":"tea","filters":{"topic":"food"}}""")).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await Client.PostRawAsync("/v3/memories/", """{"filters":{"OR":[{"user_id":"ana"},{"topic":"food"}]}}""")).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task List_pages_newest_first_with_count_and_links()
    {
        var ids = new List<string>();
        foreach (var text in new[] { "Note one.", "Note two.", "Note three." })
        {
            ids.Add(await AddOneAsync(text));
        }

        await AddOneAsync("Someone else's note.", userId: "bob");

        var first = await (await Client.PostRawAsync("/v3/memories/?page=1&page_size=2", """{"filters":{"user_id":"ana"}}""")).ReadJsonAsync();
        var second = await (await Client.PostRawAsync("/v3/memories/?page=2&page_size=2", """{"filters":{"user_id":"ana"}}""")).ReadJsonAsync();
        var all = await (await Client.PostRawAsync("/v3/memories/", """{"filters":{"user_id":"ana"}}""")).ReadJsonAsync();

        Assert.Equal(3, first.GetProperty("count").GetInt32());
        Assert.Equal([ids[2], ids[1]], first.Results().Select(r => r.Str("id")));
        Assert.EndsWith("/v3/memories/?page=2&page_size=2", first.Str("next"));
        Assert.Equal(JsonValueKind.Null, first.GetProperty("previous").ValueKind);
        Assert.Equal([ids[0]], second.Results().Select(r => r.Str("id")));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.EndsWith("/v3/memories/?page=1&page_size=2", second.Str("previous"));
        Assert.Equal(3, all.Results().Length);
        await (await Client.PostRawAsync("/v3/memories/?page_size=0", """{"filters":{"user_id":"ana"}}""")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.PostRawAsync("/v3/memories/", """{"filters":{"user_id":"ana"},"start_date":"2024-01-01"}""")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Get_update_history_delete_one_memory()
    {
        var id = await AddOneAsync("I live in Paris.");

        var updated = await (await Client.PutAsJsonAsync($"/v1/memories/{id}/", new { text = "I live in Rome.", metadata = new { moved = true } })).ReadJsonAsync();
        var history = await (await Client.GetAsync($"/v1/memories/{id}/history/")).ReadJsonAsync();
        var deleted = await (await Client.DeleteAsync($"/v1/memories/{id}/?delete_linked=true")).ReadJsonAsync();

        Assert.Equal("I live in Rome.", updated.Str("memory"));
        Assert.True(updated.GetProperty("metadata").GetProperty("moved").GetBoolean());
        Assert.Equal(["ADD", "UPDATE"], history.EnumerateArray().Select(h => h.Str("event")));
        Assert.Equal(("I live in Paris.", "I live in Rome.", "ana"), (history[1].Str("old_memory"), history[1].Str("new_memory"), history[1].Str("user_id")));
        Assert.Contains("deleted", deleted.Str("message"));
        await (await Client.GetAsync($"/v1/memories/{id}/")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await Client.GetAsync("/v1/memories/not-a-uuid/")).ReadProblemAsync(HttpStatusCode.BadRequest);
        var expiring = await (await Client.PutAsJsonAsync($"/v1/memories/{Guid.NewGuid()}/", new { expiration_date = "2030-01-01" })).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("expiration_date", expiring);
    }

    [Fact]
    public async Task Delete_all_of_a_scope_leaves_other_scopes()
    {
        await AddOneAsync("Note one.", runId: "r1");
        await AddOneAsync("Note two.");
        var bob = await AddOneAsync("Bob's note.", userId: "bob");

        await (await Client.DeleteAsync("/v1/memories/?user_id=ana")).ReadJsonAsync();

        Assert.Equal(0, (await (await Client.PostRawAsync("/v3/memories/", """{"filters":{"user_id":"ana"}}""")).ReadJsonAsync()).GetProperty("count").GetInt32());
        await (await Client.GetAsync($"/v1/memories/{bob}/")).ReadJsonAsync();
        await (await Client.DeleteAsync("/v1/memories/")).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await Client.DeleteAsync("/v1/memories/?app_id=%00")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Batch_update_and_delete_check_every_id_before_changing_any()
    {
        var one = await AddOneAsync("Note one.");
        var two = await AddOneAsync("Note two.");

        var update = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/v1/batch/") { Content = JsonContent.Create(new { memories = new[] { new { memory_id = one, text = "Note one, revised." } } }) });
        Assert.Contains("updated 1", (await update.ReadJsonAsync()).Str("message"));
        Assert.Equal("Note one, revised.", (await (await Client.GetAsync($"/v1/memories/{one}/")).ReadJsonAsync()).Str("memory"));

        var partly = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/v1/batch/") { Content = JsonContent.Create(new { memories = new[] { new { memory_id = two }, new { memory_id = Guid.NewGuid().ToString() } } }) });
        await partly.ReadProblemAsync(HttpStatusCode.NotFound);
        await (await Client.GetAsync($"/v1/memories/{two}/")).ReadJsonAsync();

        var delete = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/v1/batch/") { Content = JsonContent.Create(new { memories = new[] { new { memory_id = one }, new { memory_id = two } } }) });
        Assert.Contains("deleted 2", (await delete.ReadJsonAsync()).Str("message"));
        var empty = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/v1/batch/") { Content = JsonContent.Create(new { memories = Array.Empty<object>() }) });
        await empty.ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Entities_list_every_owner_with_counts_and_delete_one()
    {
        await AddOneAsync("Note one.", runId: "r1");
        await AddOneAsync("Note two.");
        await AddOneAsync("Bob's note.", userId: "bob");

        var entities = await (await Client.GetAsync("/v1/entities/")).ReadJsonAsync();
        var listed = entities.Results().Select(e => (e.Str("type"), e.Str("name"), e.GetProperty("total_memories").GetInt32())).ToList();
        Assert.Equal([("run", "r1", 1), ("user", "ana", 2), ("user", "bob", 1)], listed);
        Assert.Equal(3, entities.GetProperty("count").GetInt32());
        var paged = await (await Client.GetAsync("/v1/entities/?page=2&page_size=2")).ReadJsonAsync();
        Assert.Equal("bob", Assert.Single(paged.Results()).Str("name"));

        await (await Client.DeleteAsync("/v2/entities/user/ana/")).ReadJsonAsync();
        var after = (await (await Client.GetAsync("/v1/entities/")).ReadJsonAsync()).Results();
        Assert.Equal(["bob"], after.Select(e => e.Str("name")));
        // An app is an entity too (app_id); deleting one that holds nothing deletes nothing.
        await (await Client.DeleteAsync("/v2/entities/app/shop/")).ReadJsonAsync();
        Assert.Equal(["bob"], (await (await Client.GetAsync("/v1/entities/")).ReadJsonAsync()).Results().Select(e => e.Str("name")));
        await (await Client.DeleteAsync("/v1/entities/planet/earth/")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }
}

public sealed class SqliteMem0ApiTests : Mem0ApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresMem0ApiTests : Mem0ApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
