using System.Text.Json;
using MemoryTests.Fakes;
using MemoryTests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryTests.Api;

/// <summary>
/// A verbatim add (infer = false) calls the embedder once: the memory's text and the entity names its relations
/// mention go in one batch, made before the scope's lock is taken, and the relations are still recorded. Counted on
/// the real hashing embedder, with graph memory on, on both stores.
/// </summary>
public abstract class VerbatimAddEmbeddingApiTests : MemoryApiTestBase
{
    private const string Text = "My mother Maria loves gardening.";
    private readonly CountingEmbeddingGenerator _embedder = new(64);

    protected override Action<IServiceCollection> TestServices => services =>
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(_embedder);

    private static string[] Relations(JsonElement body) =>
        [.. body.GetProperty("relations").EnumerateArray().Select(r => $"{r.Str("source")} -{r.Str("relationship")}-> {r.Str("destination")}").Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_verbatim_add_embeds_the_memory_and_its_entity_names_in_one_call_and_records_its_relations()
    {
        // The category set's descriptions are embedded once per process, by the first add that tags memories from it.
        await AddAsync(new { messages = "I like tea.", user_id = "warm-up", infer = false });
        _embedder.Calls.Clear();

        await AddAsync(new { messages = Text, user_id = "ana", infer = false });

        var call = Assert.Single(_embedder.Calls);
        Assert.Equal(Text, call.Texts[0]);
        Assert.Contains("Maria", call.Texts);
        Assert.Equal(1, _embedder.TimesEmbedded(Text));
        _embedder.Calls.Clear();
        var body = await (await Client.PostJsonAsync("/search", new { query = "What does Maria love?", user_id = "ana", mode = "graph" })).ReadJsonAsync();
        Assert.Equal(["Maria -loves-> gardening", "ana -mother-> Maria"], Relations(body));
    }

    [Fact]
    public async Task A_repeated_verbatim_add_and_the_Mem0_add_also_embed_once_and_store_the_text_once()
    {
        await AddAsync(new { messages = Text, user_id = "ana", infer = false });
        _embedder.Calls.Clear();

        var again = await AddAsync(new { messages = Text, user_id = "ana", infer = false });
        var mem0 = await (await Client.PostJsonAsync("/v3/memories/add/", new { messages = "My sister Sofia plays tennis.", user_id = "ana", infer = false })).ReadJsonAsync();

        Assert.Empty(again);
        Assert.Equal(2, _embedder.Calls.Count);
        Assert.Contains("Sofia", _embedder.Calls.Last().Texts);
        Assert.NotEmpty(mem0.Results());
        var all = await (await Client.GetAsync(new Uri("/memories?user_id=ana", UriKind.Relative))).ReadJsonAsync();
        Assert.Single(all.Results(), r => r.Str("memory") == Text);
    }
}

public sealed class SqliteVerbatimAddEmbeddingApiTests : VerbatimAddEmbeddingApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresVerbatimAddEmbeddingApiTests : VerbatimAddEmbeddingApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
