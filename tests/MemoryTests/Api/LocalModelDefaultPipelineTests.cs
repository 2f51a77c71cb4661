using System.Text.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api;

/// <summary>
/// The whole zero-key pipeline (heuristic extraction and reconciliation, graph) on the default local model, whose
/// cosines sit in a high band: different facts must not be dropped as duplicates and different people must not
/// merge into one entity (<see cref="MemoryCore.Embeddings.SimilarityScale"/>).
/// </summary>
public sealed class LocalModelDefaultPipelineTests : MemoryApiTestBase
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Embeddings:Provider"] = null,
        ["Embeddings:Dimensions"] = null,
    };

    [Fact]
    public async Task Similar_but_different_facts_are_both_kept_and_a_repeat_is_not()
    {
        await AddAsync(new { messages = "I like tea.", user_id = "ana" });
        await AddAsync(new { messages = "I like coffee.", user_id = "ana" });
        await AddAsync(new { messages = "I work as a nurse.", user_id = "ana" });
        var repeat = await AddAsync(new { messages = "I like tea.", user_id = "ana" });

        var memories = (await ListAsync("user_id=ana")).Select(m => m.Str("memory")).ToList();
        Assert.Contains(memories, m => m.Contains("tea", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(memories, m => m.Contains("coffee", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(memories, m => m.Contains("nurse", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(repeat);
    }

    [Fact]
    public async Task With_no_keys_every_memory_gets_mem0_default_categories_that_filters_can_use()
    {
        await AddAsync(new { messages = "I play football with my team on Saturdays.", user_id = "ana" });
        await AddAsync(new { messages = "My favourite film is Frozen.", user_id = "ana" });

        var memories = await ListAsync("user_id=ana");
        Assert.Equal(2, memories.Length);
        Assert.All(memories, m => Assert.NotEqual(0, m.GetProperty("categories").GetArrayLength()));
        var sports = await ListAsync("user_id=ana&categories=sports");
        Assert.Contains("football", Assert.Single(sports).Str("memory"), StringComparison.Ordinal);
        var film = await ListAsync("user_id=ana&categories=entertainment");
        Assert.Contains("Frozen", Assert.Single(film).Str("memory"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mother_and_the_sister_stay_two_people()
    {
        await AddAsync(new { messages = "My mother Maria loves gardening. My sister Sofia plays tennis.", user_id = "ana" });

        var search = await (await Client.PostJsonAsync("/search", new { query = "What does my mother like?", user_id = "ana", mode = "graph" })).ReadJsonAsync();

        var relations = search.GetProperty("relations").EnumerateArray()
            .Select(r => $"{r.Str("source")} -{r.Str("relationship")}-> {r.Str("destination")}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Maria -loves-> gardening", "ana -mother-> Maria"], relations);
    }
}
