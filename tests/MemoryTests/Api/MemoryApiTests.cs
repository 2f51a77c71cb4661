using System.Net.Http.Json;
using System.Net;
using System.Net.Http.Headers;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api;

/// <summary>Every route, on both stores (subclasses at the bottom), with the offline providers.</summary>
public abstract class MemoryApiTests : MemoryApiTestBase
{
    [Fact]
    public async Task Add_keeps_durable_statements_and_stores_nothing_for_questions()
    {
        var kept = await AddAsync(new { messages = new[] { new { role = "user", content = "I don't like being touched on the shoulder." } }, user_id = "ana" });
        var none = await AddAsync(new { messages = new[] { new { role = "user", content = "What time is it?" } }, user_id = "ana" });

        var added = Assert.Single(kept);
        Assert.Equal(("I don't like being touched on the shoulder.", "ADD"), (added.Str("memory"), added.Str("event")));
        Assert.True(Guid.TryParse(added.Str("id"), out _));
        Assert.Empty(none);
        Assert.Single(await ListAsync("user_id=ana"));
    }

    [Fact]
    public async Task A_changed_value_updates_the_memory_and_reports_the_previous_one()
    {
        var first = Assert.Single(await AddAsync(new { messages = "I live in Paris.", user_id = "ana" }));

        var second = Assert.Single(await AddAsync(new { messages = "I live in Rome.", user_id = "ana" }));

        Assert.Equal(("UPDATE", "I live in Rome.", "I live in Paris."), (second.Str("event"), second.Str("memory"), second.Str("previous_memory")));
        Assert.Equal(first.Str("id"), second.Str("id"));
        var history = (await (await Client.GetAsync($"/memories/{first.Str("id")}/history")).ReadJsonAsync()).Results();
        Assert.Equal(["ADD", "UPDATE"], history.Select(h => h.Str("event")));
        Assert.Equal("I live in Paris.", history[1].Str("old_memory"));
        Assert.Equal("I live in Rome.", history[1].Str("new_memory"));
    }

    [Fact]
    public async Task Repeating_a_fact_changes_nothing_and_reports_nothing()
    {
        await AddAsync(new { messages = "I am allergic to peanuts.", user_id = "ana" });

        Assert.Empty(await AddAsync(new { messages = "I am allergic to peanuts.", user_id = "ana" }));
        Assert.Single(await ListAsync("user_id=ana"));
    }

    [Fact]
    public async Task Verbatim_add_stores_each_message_once()
    {
        var body = new
        {
            messages = new[]
            {
                new { role = "system", content = "You are helpful." },
                new { role = "user", content = "Hello there" },
                new { role = "assistant", content = "Hi! How can I help?" },
            },
            user_id = "ana",
            infer = false,
            metadata = new { session = 3 },
        };

        var first = await AddAsync(body);
        var again = await AddAsync(body);

        Assert.Equal(["Hello there", "Hi! How can I help?"], first.Select(r => r.Str("memory")));
        Assert.Empty(again);
        var stored = await ListAsync("user_id=ana");
        Assert.Equal(2, stored.Length);
        Assert.Equal(3, stored[0].GetProperty("metadata").GetProperty("session").GetInt32());
        Assert.Equal("user", stored[0].GetProperty("metadata").Str("role"));
    }

    [Fact]
    public async Task Search_returns_similarities_best_first_and_applies_threshold_and_limit()
    {
        foreach (var fact in new[] { "My sister Anna lives in Oslo.", "I work at the library.", "My favourite colour is green.", "I am allergic to peanuts." })
        {
            await AddAsync(new { messages = fact, user_id = "ana" });
        }

        var all = await SearchAsync(new { query = "Where does my sister Anna live?", user_id = "ana" });
        var top = await SearchAsync(new { query = "Where does my sister Anna live?", user_id = "ana", limit = 1 });
        var strict = await SearchAsync(new { query = "Where does my sister Anna live?", user_id = "ana", threshold = 0.5 });

        Assert.Equal(4, all.Length);
        Assert.Equal("My sister Anna lives in Oslo.", all[0].Str("memory"));
        var scores = all.Select(r => r.GetProperty("score").GetDouble()).ToArray();
        Assert.All(scores, s => Assert.InRange(s, 0, 1));
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.Equal(all[0].Str("id"), Assert.Single(top).Str("id"));
        Assert.NotEmpty(strict);
        Assert.All(strict, r => Assert.True(r.GetProperty("score").GetDouble() >= 0.5));
        Assert.True(strict.Length < all.Length);
    }

    [Fact]
    public async Task Memories_never_cross_scopes()
    {
        await AddAsync(new { messages = "My sister Anna lives in Oslo.", user_id = "ana" });
        await AddAsync(new { messages = "My sister Anna lives in Oslo.", user_id = "bob" });
        await AddAsync(new { messages = "My sister Anna lives in Oslo.", user_id = "ana", run_id = "r1" });

        var bobSearch = await SearchAsync(new { query = "sister", user_id = "bob" });
        var anaList = await ListAsync("user_id=ana");
        var runList = await ListAsync("user_id=ana&run_id=r1");
        var deleted = await (await Client.DeleteAsync("/memories?user_id=bob")).ReadJsonAsync();

        Assert.Equal("bob", Assert.Single(bobSearch).Str("user_id"));
        Assert.Equal(2, anaList.Length);
        Assert.All(anaList, m => Assert.Equal("ana", m.Str("user_id")));
        Assert.Equal("r1", Assert.Single(runList).Str("run_id"));
        Assert.Equal(1, deleted.GetProperty("deleted").GetInt32());
        Assert.Equal(2, (await ListAsync("user_id=ana")).Length);
        Assert.Empty(await ListAsync("user_id=bob"));
    }

    [Fact]
    public async Task Get_update_delete_and_history_of_one_memory()
    {
        var id = Assert.Single(await AddAsync(new { messages = "I live in Paris.", user_id = "ana", metadata = new { source = "chat" } })).Str("id");

        var got = await (await Client.GetAsync($"/memories/{id}")).ReadJsonAsync();
        Assert.Equal(("I live in Paris.", "ana", "chat"), (got.Str("memory"), got.Str("user_id"), got.GetProperty("metadata").Str("source")));
        Assert.Equal(32, got.Str("hash").Length);

        var updated = await (await Client.PutAsJsonAsync($"/memories/{id}", new { text = "I live in Porto." })).ReadJsonAsync();
        Assert.Equal("I live in Porto.", updated.Str("memory"));
        Assert.Equal("I live in Porto.", (await SearchAsync(new { query = "Porto", user_id = "ana" }))[0].Str("memory"));

        var metadataOnly = await (await Client.PutAsJsonAsync($"/memories/{id}", new { metadata = new { source = "caregiver" } })).ReadJsonAsync();
        Assert.Equal(("I live in Porto.", "caregiver"), (metadataOnly.Str("memory"), metadataOnly.GetProperty("metadata").Str("source")));

        await (await Client.DeleteAsync($"/memories/{id}")).ReadJsonAsync();
        await (await Client.GetAsync($"/memories/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await Client.DeleteAsync($"/memories/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);

        var history = (await (await Client.GetAsync($"/memories/{id}/history")).ReadJsonAsync()).Results();
        Assert.Equal(["ADD", "UPDATE", "UPDATE", "DELETE"], history.Select(h => h.Str("event")));
        Assert.All(history, h => Assert.Equal(id, h.Str("memory_id")));
    }

    [Fact]
    public async Task Delete_all_removes_every_memory_of_the_scope_beyond_any_page_size()
    {
        for (var batch = 0; batch < 8; batch++)
        {
            var messages = Enumerable.Range(0, 20).Select(i => new { role = "user", content = $"Note {batch}-{i}" }).ToArray();
            await AddAsync(new { messages, user_id = "ana", infer = false });
        }

        await AddAsync(new { messages = "I live in Oslo.", user_id = "ana-2" });

        var response = await (await Client.DeleteAsync("/memories?user_id=ana")).ReadJsonAsync();

        Assert.Equal(160, response.GetProperty("deleted").GetInt32());
        Assert.Empty(await ListAsync("user_id=ana"));
        Assert.Single(await ListAsync("user_id=ana-2"));
    }

    [Fact]
    public async Task Delete_all_without_a_scope_is_refused_and_deletes_nothing()
    {
        await AddAsync(new { messages = "I live in Oslo.", user_id = "ana" });

        await (await Client.DeleteAsync("/memories")).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Single(await ListAsync("user_id=ana"));
    }

    [Fact]
    public async Task List_pages_with_a_cursor()
    {
        var messages = Enumerable.Range(0, 15).Select(i => new { role = "user", content = $"Note {i}" }).ToArray();
        await AddAsync(new { messages, user_id = "ana", infer = false });

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await Client.GetAsync($"/memories?user_id=ana&limit=4{(cursor is null ? "" : "&cursor=" + cursor)}")).ReadJsonAsync();
            seen.AddRange(page.Results().Select(m => m.Str("memory")));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 15).Select(i => $"Note {i}"), seen);
    }

    [Fact]
    public async Task List_and_search_accept_metadata_filters()
    {
        await AddAsync(new { messages = "I like tea.", user_id = "ana", metadata = new { topic = "drinks", level = 2 } });
        await AddAsync(new { messages = "I like jazz.", user_id = "ana", metadata = new { topic = "music", level = 5 } });

        var listed = await ListAsync("user_id=ana&filters=" + Uri.EscapeDataString("""{"level": {"gte": 3}}"""));
        var searched = await SearchAsync(new { query = "I like", filters = new { user_id = "ana", topic = "drinks" } });

        Assert.Equal("I like jazz.", Assert.Single(listed).Str("memory"));
        Assert.Equal("I like tea.", Assert.Single(searched).Str("memory"));
    }

    [Fact]
    public async Task Identical_adds_in_parallel_store_one_memory()
    {
        var adds = Enumerable.Range(0, 8).Select(_ => Client.PostJsonAsync("/memories", new { messages = "My caregiver is called Tom.", user_id = "ana" }));
        var responses = await Task.WhenAll(adds);
        var events = new List<string>();
        foreach (var response in responses)
        {
            events.AddRange((await response.ReadJsonAsync()).Results().Select(r => r.Str("event")));
        }

        Assert.Equal(["ADD"], events);
        Assert.Single(await ListAsync("user_id=ana"));
    }

    [Fact]
    public async Task Identical_verbatim_adds_in_parallel_store_one_memory()
    {
        var adds = Enumerable.Range(0, 8).Select(_ => Client.PostJsonAsync("/memories", new { messages = "Appointment on Friday at 10.", user_id = "ana", infer = false }));
        foreach (var response in await Task.WhenAll(adds))
        {
            await response.ReadJsonAsync();
        }

        Assert.Single(await ListAsync("user_id=ana"));
    }

    [Fact]
    public async Task Reset_needs_an_admin_key()
    {
        await AddAsync(new { messages = "I live in Oslo.", user_id = "ana" });
        using var anonymous = Factory.CreateClient();

        await (await anonymous.PostAsync("/reset", null)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await Client.PostAsync("/reset", null)).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Single(await ListAsync("user_id=ana"));

        using var admin = Factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey);
        await (await admin.PostAsync("/reset", null)).ReadJsonAsync();
        Assert.Empty(await ListAsync("user_id=ana"));
    }

    [Theory]
    [InlineData("Authorization", "Token " + MemoryApiFactory.AppKey, HttpStatusCode.OK)]
    [InlineData("Authorization", "Bearer " + MemoryApiFactory.AppKey, HttpStatusCode.OK)]
    [InlineData("X-API-Key", MemoryApiFactory.AppKey, HttpStatusCode.OK)]
    [InlineData("X-API-Key", MemoryApiFactory.AdminKey, HttpStatusCode.OK)]
    [InlineData("Authorization", "Token wrong-key", HttpStatusCode.Unauthorized)]
    [InlineData("Authorization", "Basic " + MemoryApiFactory.AppKey, HttpStatusCode.Unauthorized)]
    [InlineData("X-Other", "nothing", HttpStatusCode.Unauthorized)]
    public async Task Api_keys_are_accepted_in_three_forms(string header, string value, HttpStatusCode expected)
    {
        using var client = Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/memories?user_id=ana");
        request.Headers.TryAddWithoutValidation(header, value);

        var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Health_liveness_and_openapi_need_no_key()
    {
        using var anonymous = Factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/alive")).StatusCode);
        var openApi = await (await anonymous.GetAsync("/openapi/v1.json")).ReadJsonAsync();
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/memories/{memoryId}", out _));
    }
}

public sealed class SqliteMemoryApiTests : MemoryApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresMemoryApiTests : MemoryApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
