using System.Text.Json;
using MemoryCore.Engine;
using MemoryCore.Graph;
using MemoryCore.Model;
using MemoryTests.Fakes;
using MemoryTests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryTests.Api;

/// <summary>
/// One search pipeline: a POST /search embeds the query exactly once (the query's entity names ride in the same
/// embedder call), reads the graph neighbourhood once for both the graph signal and the response's relations, and
/// one engine call returns memories and relations. Counted on the real hashing embedder and the real graph store.
/// </summary>
public abstract class SearchPipelineApiTests : MemoryApiTestBase
{
    private const string Query = "What does Maria love?";
    private readonly CountingEmbeddingGenerator _embedder = new(64);
    private CountingGraphStore? _graph;

    private CountingGraphStore Graph => _graph ?? throw new InvalidOperationException("The graph store was not built.");

    protected override Action<IServiceCollection> TestServices => services =>
    {
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(_embedder);
        var original = services.Last(d => d.ServiceType == typeof(IGraphStore));
        services.Remove(original);
        services.AddSingleton<IGraphStore>(sp => _graph = new CountingGraphStore((IGraphStore)original.ImplementationFactory!(sp)));
    };

    private async Task<string> SeedAsync()
    {
        var added = await AddAsync(new { messages = "My mother Maria loves gardening. My sister Sofia plays tennis.", user_id = "ana" });
        await AddAsync(new { messages = "My mother Julia loves chess.", user_id = "bob" });
        _embedder.Calls.Clear();
        return Assert.Single(added, r => r.Str("memory").Contains("Maria", StringComparison.Ordinal)).Str("id");
    }

    private static string[] Relations(JsonElement body) =>
        [.. body.GetProperty("relations").EnumerateArray().Select(r => $"{r.Str("source")} -{r.Str("relationship")}-> {r.Str("destination")}").Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData("vector")]
    [InlineData("hybrid")]
    [InlineData("graph")]
    public async Task A_search_embeds_the_query_once_reads_the_graph_once_and_answers_memories_with_relations(string mode)
    {
        var maria = await SeedAsync();
        var readsBefore = Graph.NeighbourhoodReads;

        var body = await (await Client.PostJsonAsync("/search", new { query = Query, user_id = "ana", mode })).ReadJsonAsync();

        var call = Assert.Single(_embedder.Calls);
        Assert.Equal(Query, call.Texts[0]);
        Assert.Contains("Maria", call.Texts);
        Assert.Equal(1, _embedder.TimesEmbedded(Query));
        Assert.Equal(1, Graph.NeighbourhoodReads - readsBefore);
        Assert.Contains(body.Results(), r => r.Str("id") == maria);
        Assert.All(body.Results(), r => Assert.Equal("ana", r.Str("user_id")));
        Assert.Equal(["Maria -loves-> gardening", "ana -mother-> Maria"], Relations(body));
    }

    [Fact]
    public async Task A_fulltext_search_embeds_only_the_entity_names_for_its_relations()
    {
        await SeedAsync();

        var body = await (await Client.PostJsonAsync("/search", new { query = Query, user_id = "ana", mode = "fulltext" })).ReadJsonAsync();

        Assert.Equal(0, _embedder.TimesEmbedded(Query));
        Assert.Contains("Maria", Assert.Single(_embedder.Calls).Texts);
        Assert.Equal(["Maria -loves-> gardening", "ana -mother-> Maria"], Relations(body));
    }

    [Fact]
    public async Task The_Mem0_search_route_uses_the_same_pipeline_and_reads_no_relations_it_does_not_answer()
    {
        await SeedAsync();
        var readsBefore = Graph.NeighbourhoodReads;

        var body = await (await Client.PostJsonAsync("/v3/memories/search/", new { query = Query, filters = new { user_id = "ana" } })).ReadJsonAsync();

        Assert.Equal(Query, Assert.Single(Assert.Single(_embedder.Calls).Texts));
        Assert.Equal(0, Graph.NeighbourhoodReads - readsBefore);
        Assert.NotEmpty(body.Results());
        Assert.False(body.TryGetProperty("relations", out _));
    }

    [Fact]
    public async Task One_engine_call_returns_the_memories_and_the_relations_of_the_scope_only()
    {
        var maria = await SeedAsync();
        var memory = Factory.Services.GetRequiredService<MemoryService>();

        var found = await memory.SearchAsync(new SearchMemoryRequest(Query, MemoryScope.Create("ana", null, null), Mode: MemoryCore.Retrieval.SearchMode.Graph), CancellationToken.None);
        var without = await memory.SearchAsync(new SearchMemoryRequest(Query, MemoryScope.Create("ana", null, null), WithRelations: false), CancellationToken.None);

        Assert.Equal(maria, found[0].Memory.Id.ToString());
        Assert.NotNull(found.Relations);
        Assert.Contains(found.Relations, r => r.Relation.Triple == new GraphTriple("ana", "mother", "Maria"));
        Assert.DoesNotContain(found.Relations, r => r.Relation.Triple.Destination is "Julia" or "chess");
        Assert.Null(without.Relations);
        Assert.NotEmpty(without);
    }
}

public sealed class SqliteSearchPipelineApiTests : SearchPipelineApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresSearchPipelineApiTests : SearchPipelineApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
