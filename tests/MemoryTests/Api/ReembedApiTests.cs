using System.Net;
using System.Text.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api;

/// <summary>
/// A store written with the hashing embedder moves to the default local model: the service starts on it, the admin
/// route re-embeds every memory and entity, nothing is lost (ids, texts, history), and paraphrases are found. Both stores.
/// </summary>
public abstract class ReembedApiTests
{
    private static readonly string[] Memories =
    [
        "Quiet evenings with soft music help me relax.",
        "I bought a new car last week.",
        "My sister Maria lives in Berlin.",
        "I am allergic to peanuts.",
    ];

    protected abstract TestStore CreateTestStore();

    [Fact]
    public async Task A_hashing_store_is_reembedded_with_the_local_model_and_loses_nothing()
    {
        await using var store = CreateTestStore();
        string before;
        string historyBefore;
        await using (var hashing = new MemoryApiFactory(store, new Dictionary<string, string?> { ["Embeddings:Dimensions"] = "384" }))
        {
            using var client = hashing.CreateAuthorizedClient();
            await (await client.PostJsonAsync("/memories", new { messages = Memories.Select(m => new { role = "user", content = m }).ToArray(), user_id = "ana", infer = false })).ReadJsonAsync();
            before = Snapshot(await (await client.GetAsync("/memories?user_id=ana")).ReadJsonAsync());
            var first = (await (await client.GetAsync("/memories?user_id=ana")).ReadJsonAsync()).Results()[0].Str("id");
            historyBefore = (await (await client.GetAsync($"/memories/{first}/history")).ReadJsonAsync()).GetRawText();
        }

        // The admin route by itself: the start-up re-embedding (next test) is off here.
        await using var local = new MemoryApiFactory(store, new Dictionary<string, string?> { ["Embeddings:Provider"] = null, ["Embeddings:Dimensions"] = null, ["Embeddings:ReembedOnStart"] = "false" });
        using var admin = local.CreateAuthorizedClient(MemoryApiFactory.AdminKey);
        using var app = local.CreateAuthorizedClient();

        await (await app.PostJsonAsync("/admin/embeddings/reembed", new { })).ReadProblemAsync(HttpStatusCode.Forbidden);
        var result = await (await admin.PostJsonAsync("/admin/embeddings/reembed", new { })).ReadJsonAsync();

        Assert.Equal("snowflake-arctic-embed-xs", result.Str("model"));
        Assert.Equal(384, result.GetProperty("dimensions").GetInt32());
        Assert.Equal(Memories.Length, result.GetProperty("memories").GetInt32());
        Assert.True(result.GetProperty("graph_nodes").GetInt32() > 0, "the graph's entities are re-embedded too");
        var after = await (await app.GetAsync("/memories?user_id=ana")).ReadJsonAsync();
        Assert.Equal(before, Snapshot(after));
        var firstAfter = after.Results()[0].Str("id");
        Assert.Equal(historyBefore, (await (await app.GetAsync($"/memories/{firstAfter}/history")).ReadJsonAsync()).GetRawText());
        var found = (await (await app.PostJsonAsync("/search", new { query = "What does the user find calming?", user_id = "ana", limit = 1 })).ReadJsonAsync()).Results();
        Assert.Equal(Memories[0], found[0].Str("memory"));
    }

    [Fact]
    public async Task A_hashing_store_opened_with_the_default_model_is_reembedded_at_start_up_without_anyone_asking()
    {
        await using var store = CreateTestStore();
        string before;
        await using (var hashing = new MemoryApiFactory(store, new Dictionary<string, string?> { ["Embeddings:Dimensions"] = "384" }))
        {
            using var client = hashing.CreateAuthorizedClient();
            await (await client.PostJsonAsync("/memories", new { messages = Memories.Select(m => new { role = "user", content = m }).ToArray(), user_id = "ana", infer = false })).ReadJsonAsync();
            before = Snapshot(await (await client.GetAsync("/memories?user_id=ana")).ReadJsonAsync());
        }

        await using var local = new MemoryApiFactory(store, new Dictionary<string, string?> { ["Embeddings:Provider"] = null, ["Embeddings:Dimensions"] = null });
        using var app = local.CreateAuthorizedClient();

        // It runs in the background: wait (bounded) until the paraphrase is found, which the hashing vectors cannot do.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        string? top = null;
        while (DateTime.UtcNow < deadline)
        {
            var found = (await (await app.PostJsonAsync("/search", new { query = "What does the user find calming?", user_id = "ana", limit = 1 })).ReadJsonAsync()).Results();
            top = found.Length > 0 ? found[0].Str("memory") : null;
            if (top == Memories[0])
            {
                break;
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        Assert.Equal(Memories[0], top);
        Assert.Equal(before, Snapshot(await (await app.GetAsync("/memories?user_id=ana")).ReadJsonAsync()));
    }

    /// <summary>Ids, texts, hashes, metadata and timestamps of a listing.</summary>
    private static string Snapshot(JsonElement listing) => string.Join('\n', listing.Results().Select(r =>
        string.Join('|', r.Str("id"), r.Str("memory"), r.Str("hash"), r.GetProperty("metadata").GetRawText(), r.Str("created_at"), r.Str("updated_at"))));
}

public sealed class SqliteReembedApiTests : ReembedApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresReembedApiTests : ReembedApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
