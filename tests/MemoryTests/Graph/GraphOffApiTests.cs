using MemoryTests.Api;
using MemoryTests.Infrastructure;

namespace MemoryTests.Graph;

/// <summary>GRAPH_STORE_PROVIDER=none: no extraction, no relations in responses, memories unaffected.</summary>
public sealed class GraphOffApiTests : MemoryApiTestBase
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["GRAPH_STORE_PROVIDER"] = "none" };

    protected override TestStore CreateTestStore() => new SqliteTestStore();

    [Fact]
    public async Task Responses_carry_no_relations()
    {
        var add = await (await Client.PostJsonAsync("/memories", new { messages = "My mother Maria loves gardening.", user_id = "ana" })).ReadJsonAsync();
        var search = await (await Client.PostJsonAsync("/search", new { query = "What does my mother like?", user_id = "ana" })).ReadJsonAsync();

        Assert.False(add.TryGetProperty("relations", out _));
        Assert.Single(add.Results());
        Assert.False(search.TryGetProperty("relations", out _));
        Assert.Single(search.Results());
        Assert.Empty((await (await Client.GetAsync("/graph/relations?user_id=ana&history=true")).ReadJsonAsync()).Results());
    }
}
