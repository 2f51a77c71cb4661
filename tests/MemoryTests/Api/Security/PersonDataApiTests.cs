using System.Net;
using System.Text.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api.Security;

/// <summary>
/// A person's data, out and gone, on both stores: the export holds exactly that user's memories, history (deleted
/// memories too), turns and graph, nothing of another person sharing their agent and run; the erasure removes or
/// redacts all of it (checked in the database rows and the full-text index, not only through the API) and nothing else.
/// </summary>
public abstract class PersonDataApiTests : MemoryApiTestBase
{
    private static readonly string[] AnaWords = ["Maria", "gardening", "tea", "zebra", "Lisbon"];

    /// <summary>Memories whose full-text index entry matches <paramref name="word"/>, read from the index itself.</summary>
    protected abstract Task<long> FullTextHitsAsync(string word);

    [Fact]
    public async Task Export_holds_exactly_that_persons_data_across_scopes_and_nothing_of_a_neighbour()
    {
        var ana = await SeedAsync();
        var anaEvent = await QueueEventAsync(new { messages = "I queued this.", user_id = "ana", agent_id = "helper", run_id = "r1", infer = false });
        await QueueEventAsync(new { messages = "Bob queued this.", user_id = "bob", agent_id = "helper", run_id = "r1", infer = false });
        ana = ([.. ana.Live, anaEvent.GetProperty("results")[0].Str("id")], ana.Deleted);

        var export = await ExportAsync("ana");

        Assert.Equal("ana", export.Str("user_id"));
        var memories = export.GetProperty("memories").EnumerateArray().ToArray();
        Assert.Equal(ana.Live.Order(), memories.Select(m => m.Str("id")).Order());
        Assert.All(memories, m => Assert.Equal("ana", m.Str("user_id")));
        Assert.Contains(memories, m => m.Str("agent_id") == "helper" && m.Str("run_id") == "r1");
        var history = export.GetProperty("history").EnumerateArray().ToArray();
        Assert.Equal(ana.Live.Append(ana.Deleted).Order(), history.Select(h => h.Str("memory_id")).Distinct().Order());
        Assert.Contains(history, h => h.Str("event") == "DELETE" && h.Str("old_memory") == "My locker code is zebra.");
        Assert.Contains(history, h => h.Str("event") == "UPDATE" && h.Str("old_memory") == "I drink green tea." && h.Str("actor_key_id") == "bootstrap-app");
        var turns = export.GetProperty("turns").EnumerateArray().ToArray();
        Assert.NotEmpty(turns);
        Assert.All(turns, t => Assert.Equal("ana", t.Str("user_id")));
        Assert.Contains(turns, t => t.Str("content") == "My mother Maria loves gardening.");
        var graph = export.GetProperty("graph");
        Assert.NotEmpty(graph.GetProperty("nodes").EnumerateArray());
        Assert.All(graph.GetProperty("nodes").EnumerateArray(), n => Assert.Equal("ana", n.Str("user_id")));
        Assert.Contains(graph.GetProperty("edges").EnumerateArray(), e => e.Str("source") == "Maria" && e.Str("destination") == "gardening");
        var queued = Assert.Single(export.GetProperty("events").EnumerateArray());
        Assert.Equal((anaEvent.Str("id"), "SUCCEEDED", "ana", "helper", "r1"), (queued.Str("id"), queued.Str("status"), queued.Str("user_id"), queued.Str("agent_id"), queued.Str("run_id")));
        Assert.Equal("bootstrap-app", queued.Str("actor_key_id"));
        Assert.Equal(32, queued.Str("trace_id")!.Length);
        Assert.Contains("I queued this.", queued.GetProperty("payload").GetRawText(), StringComparison.Ordinal);
        Assert.Equal(anaEvent.GetProperty("results").GetRawText(), queued.GetProperty("results").GetRawText());
        Assert.Equal(JsonValueKind.Null, queued.GetProperty("error").ValueKind);
        Assert.NotNull(queued.Str("completed_at"));
        var text = export.GetRawText();
        foreach (var neighbour in new[] { "bob", "Carlos", "chess", "Portuguese", "coffee" })
        {
            Assert.DoesNotContain(neighbour, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Export_of_an_unknown_person_is_an_empty_document()
    {
        await SeedAsync();

        var export = await ExportAsync("nobody-here");

        foreach (var list in new[] { "memories", "history", "turns", "events" })
        {
            Assert.Empty(export.GetProperty(list).EnumerateArray());
        }

        Assert.Empty(export.GetProperty("graph").GetProperty("nodes").EnumerateArray());
        Assert.Empty(export.GetProperty("graph").GetProperty("edges").EnumerateArray());
    }

    [Fact]
    public async Task Erase_deletes_the_stored_idempotent_answers_of_the_persons_adds_and_keeps_everyone_elses()
    {
        await (await PostWithKeyAsync("/memories", new { messages = "My PIN is walrus.", user_id = "ana", infer = false }, "ana-sync")).ReadJsonAsync();
        await (await PostWithKeyAsync("/memories?async=true", new { messages = "My bank is otter.", user_id = "ana", infer = false }, "ana-async"))
            .ReadJsonAsync(HttpStatusCode.Accepted);
        await (await PostWithKeyAsync("/v3/memories/add/", new { messages = "My cat is Puffin.", user_id = "ana", infer = false }, "ana-mem0")).ReadJsonAsync();
        await (await PostWithKeyAsync("/memories", new { messages = "My PIN is badger.", user_id = "bob", infer = false }, "bob-sync")).ReadJsonAsync();
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM {s}idempotency_keys WHERE response_body LIKE '%walrus%'"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM {s}idempotency_keys WHERE response_body LIKE '%Puffin%'"));
        Assert.Equal(4, await CountAsync("SELECT count(*) FROM {s}idempotency_keys"));

        var erased = await (await Client.DeleteAsync("/users/ana")).ReadJsonAsync();

        Assert.Equal(
            ["events", "graph_edges", "graph_nodes", "history_rows_redacted", "memories", "turns"],
            erased.GetProperty("counts").EnumerateObject().Select(p => p.Name).Order());
        foreach (var word in new[] { "walrus", "otter", "Puffin", "ana-" })
        {
            Assert.Equal(0, await CountAsync($"SELECT count(*) FROM {{s}}idempotency_keys WHERE response_body LIKE '%{word}%' OR idempotency_key LIKE '%{word}%'"));
        }

        Assert.Equal(0, await CountAsync("SELECT count(*) FROM {s}idempotency_keys WHERE user_id = 'ana'"));
        var bob = Assert.Single(await Store.QueryAsync("SELECT idempotency_key, user_id, response_body FROM {s}idempotency_keys"));
        Assert.Equal(("bob-sync", "bob"), ((string)bob[0]!, (string)bob[1]!));
        Assert.Contains("badger", (string)bob[2]!, StringComparison.Ordinal);
        // Bob's retry is still answered from the stored record.
        var retry = await PostWithKeyAsync("/memories", new { messages = "My PIN is badger.", user_id = "bob", infer = false }, "bob-sync");
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
    }

    [Fact]
    public async Task Erase_removes_and_redacts_everything_of_the_person_and_nothing_of_anyone_else()
    {
        var ana = await SeedAsync();
        // A queued add of each person: the event rows carry their messages. Waited for, so the counts below hold.
        var anaEvent = await QueueAsync(new { messages = "I queued this.", user_id = "ana", agent_id = "helper", run_id = "r1", infer = false });
        ana = ([.. ana.Live, anaEvent], ana.Deleted);
        await QueueAsync(new { messages = "Bob queued this.", user_id = "bob", agent_id = "helper", run_id = "r1", infer = false });
        var before = await ExportAsync("ana");
        var bobBefore = WithoutTime(await ExportAsync("bob"));
        var historyRowsBefore = await CountAsync("SELECT count(*) FROM {s}memory_history");

        var erased = await (await Client.DeleteAsync("/users/ana")).ReadJsonAsync();

        Assert.Equal("ana", erased.Str("user_id"));
        Assert.True(Guid.TryParse(erased.Str("audit_id"), out _));
        var counts = erased.GetProperty("counts");
        Assert.Equal(before.GetProperty("memories").GetArrayLength(), counts.GetProperty("memories").GetInt32());
        Assert.Equal(before.GetProperty("history").GetArrayLength(), counts.GetProperty("history_rows_redacted").GetInt32());
        Assert.Equal(before.GetProperty("turns").GetArrayLength(), counts.GetProperty("turns").GetInt32());
        Assert.Equal(before.GetProperty("graph").GetProperty("nodes").GetArrayLength(), counts.GetProperty("graph_nodes").GetInt32());
        Assert.Equal(before.GetProperty("graph").GetProperty("edges").GetArrayLength(), counts.GetProperty("graph_edges").GetInt32());
        Assert.Equal(1, counts.GetProperty("events").GetInt32());
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM {s}memory_events WHERE user_id = 'ana'"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM {s}memory_events WHERE user_id = 'bob'"));

        // The rows themselves.
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM {s}memories WHERE user_id = 'ana'"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM {s}conversation_turns WHERE user_id = 'ana'"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM {s}graph_nodes WHERE user_id = 'ana'"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM {s}graph_edges WHERE user_id = 'ana'"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM {s}memory_history WHERE user_id = 'ana' AND (old_memory IS NOT NULL OR new_memory IS NOT NULL)"));
        Assert.Equal(historyRowsBefore + ana.Live.Length, await CountAsync("SELECT count(*) FROM {s}memory_history"));
        foreach (var word in AnaWords)
        {
            Assert.Equal(0, await CountAsync($"SELECT count(*) FROM {{s}}memory_history WHERE old_memory LIKE '%{word}%' OR new_memory LIKE '%{word}%'"));
            Assert.Equal(0, await FullTextHitsAsync(word));
        }

        Assert.Equal(1, await FullTextHitsAsync("chess"));
        var audit = Assert.Single(await Store.QueryAsync(
            "SELECT user_id_sha256, memories, history_rows_redacted, turns, graph_nodes, graph_edges, events, actor_key_id, trace_id FROM {s}erasure_audit"));
        Assert.Equal(MemoryCore.Storage.PersonErasure.HashUserId("ana"), audit[0]);
        Assert.Equal(counts.GetProperty("memories").GetInt32(), Convert.ToInt32(audit[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("bootstrap-app", audit[7]);
        Assert.Matches("^[0-9a-f]{32}$", (string)audit[8]!);

        // The API shows nothing of the erased text, and everyone else's data is as it was.
        foreach (var mode in new[] { "vector", "fulltext", "hybrid", "graph" })
        {
            Assert.Empty(await SearchAsync(new { query = "mother Maria gardening tea Lisbon", user_id = "ana", mode }));
        }

        Assert.Empty(await ListAsync("user_id=ana"));
        Assert.Empty((await (await Client.GetAsync("/turns?user_id=ana")).ReadJsonAsync()).Results());
        Assert.Empty((await (await Client.GetAsync("/graph/relations?user_id=ana&history=true")).ReadJsonAsync()).Results());
        var redacted = (await (await Client.GetAsync($"/memories/{ana.Live[0]}/history")).ReadJsonAsync()).Results();
        Assert.All(redacted, h => Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (h.GetProperty("old_memory").ValueKind, h.GetProperty("new_memory").ValueKind)));
        Assert.Equal("DELETE", redacted[^1].Str("event"));
        var afterText = (await ExportAsync("ana")).GetRawText();
        foreach (var word in AnaWords)
        {
            Assert.DoesNotContain(word, afterText, StringComparison.Ordinal);
        }

        Assert.Equal(bobBefore, WithoutTime(await ExportAsync("bob")));
        Assert.Contains(await ListAsync("agent_id=helper&user_id=bob&run_id=r1"), m => m.Str("memory") == "I drink coffee.");
        Assert.Contains(await ListAsync("agent_id=helper"), m => m.Str("memory") == "The helper speaks Portuguese.");
        Assert.NotEmpty(await SearchAsync(new { query = "chess", user_id = "bob", mode = "fulltext" }));

        var again = await (await Client.DeleteAsync("/users/ana")).ReadJsonAsync();
        Assert.All(again.GetProperty("counts").EnumerateObject(), c => Assert.Equal(0, c.Value.GetInt32()));
    }

    [Fact]
    public async Task Person_routes_need_a_key_and_a_valid_user_id()
    {
        using var anonymous = Factory.CreateClient();
        await (await anonymous.GetAsync("/users/ana/export")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.DeleteAsync("/users/ana")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await Client.GetAsync($"/users/{new string('u', 257)}/export")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.DeleteAsync("/users/%20%20")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    /// <summary>POST /memories?async=true, then waits for the event; returns the memory it added.</summary>
    private async Task<string> QueueAsync(object body) => (await QueueEventAsync(body)).Results()[0].Str("id");

    /// <summary>POST /memories?async=true, then waits for the event; returns GET /events/{id}'s answer once SUCCEEDED.</summary>
    private async Task<JsonElement> QueueEventAsync(object body)
    {
        var accepted = await (await Client.PostJsonAsync("/memories?async=true", body)).ReadJsonAsync(HttpStatusCode.Accepted);
        var done = await (await Client.GetAsync($"/events/{accepted.Str("event_id")}?wait=20s")).ReadJsonAsync();
        Assert.Equal("SUCCEEDED", done.Str("status"));
        return done;
    }

    private Task<HttpResponseMessage> PostWithKeyAsync(string path, object body, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return Client.SendAsync(request);
    }

    private async Task<JsonElement> ExportAsync(string userId) => await (await Client.GetAsync($"/users/{userId}/export")).ReadJsonAsync();

    /// <summary>Everything of an export but its exported_at.</summary>
    private static string WithoutTime(JsonElement export) =>
        string.Join("\n", export.EnumerateObject().Where(p => p.Name != "exported_at").Select(p => p.Value.GetRawText()));

    private async Task<long> CountAsync(string sql) => Convert.ToInt64(Assert.Single(await Store.QueryAsync(sql))[0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Ana in three scopes (one memory updated, one deleted) and, sharing her agent and run, Bob; plus an
    /// agent-only memory. Returns Ana's live memory ids and the deleted one's.</summary>
    private async Task<(string[] Live, string Deleted)> SeedAsync()
    {
        var live = new List<string>();
        live.AddRange((await AddAsync(new { messages = "My mother Maria loves gardening.", user_id = "ana", agent_id = "helper", run_id = "r1" })).Select(r => r.Str("id")));
        var tea = (await AddAsync(new { messages = "I drink green tea.", user_id = "ana", agent_id = "helper", infer = false }))[0].Str("id");
        await (await Client.PutAsync($"/memories/{tea}", JsonContent(new { text = "I drink black tea." }))).ReadJsonAsync();
        live.Add(tea);
        live.AddRange((await AddAsync(new { messages = "I live in Lisbon.", user_id = "ana", infer = false })).Select(r => r.Str("id")));
        var zebra = (await AddAsync(new { messages = "My locker code is zebra.", user_id = "ana", infer = false }))[0].Str("id");
        await (await Client.DeleteAsync($"/memories/{zebra}")).ReadJsonAsync();

        await AddAsync(new { messages = "My brother Carlos loves chess.", user_id = "bob", agent_id = "helper", run_id = "r1" });
        await AddAsync(new { messages = "I drink coffee.", user_id = "bob", agent_id = "helper", run_id = "r1", infer = false });
        await AddAsync(new { messages = "The helper speaks Portuguese.", agent_id = "helper", infer = false });
        return ([.. live.Distinct()], zebra);
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}

public sealed class SqlitePersonDataApiTests : PersonDataApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();

    protected override async Task<long> FullTextHitsAsync(string word) =>
        (long)Assert.Single(await Store.QueryAsync($"SELECT count(*) FROM memories_fts WHERE memories_fts MATCH '{word}'"))[0]!;
}

public sealed class PostgresPersonDataApiTests : PersonDataApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();

    protected override async Task<long> FullTextHitsAsync(string word) =>
        (long)Assert.Single(await Store.QueryAsync($"SELECT count(*) FROM {{s}}memories WHERE memory_tsv @@ to_tsquery('english', '{word}')"))[0]!;
}
