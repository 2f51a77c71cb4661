using System.Net;
using System.Text.Json;
using MemoryCore.Graph;
using MemoryCore.Retrieval;
using MemoryTests.Api;
using MemoryTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryTests.Graph;

/// <summary>Graph memory through the real API with the offline providers, on both stores (subclasses below).</summary>
public abstract class GraphApiTests : MemoryApiTestBase
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Retrieval:DefaultMode"] = "vector",
    };

    private static string[] Relations(JsonElement list) =>
        [.. list.EnumerateArray().Select(r => $"{r.Str("source")} -{r.Str("relationship")}-> {r.Str("destination")}").Order(StringComparer.Ordinal)];

    private async Task<JsonElement> PostAsync(string path, object body) => await (await Client.PostJsonAsync(path, body)).ReadJsonAsync();

    [Fact]
    public async Task Add_reports_the_relations_it_added()
    {
        var body = await PostAsync("/memories", new { messages = "My mother Maria loves gardening.", user_id = "ana" });

        var relations = body.GetProperty("relations");
        Assert.Equal(["Maria -loves-> gardening", "ana -mother-> Maria"], Relations(relations.GetProperty("added_entities")));
        Assert.Empty(relations.GetProperty("deleted_entities").EnumerateArray());
        Assert.Equal("ADD", Assert.Single(body.Results()).Str("event"));
    }

    [Fact]
    public async Task Add_reports_the_relations_a_changed_fact_invalidates()
    {
        await PostAsync("/memories", new { messages = "I live in Paris.", user_id = "ana" });

        var body = await PostAsync("/memories", new { messages = "I live in Rome.", user_id = "ana" });

        Assert.Equal("UPDATE", Assert.Single(body.Results()).Str("event"));
        Assert.Equal(["ana -lives_in-> Rome"], Relations(body.GetProperty("relations").GetProperty("added_entities")));
        Assert.Equal(["ana -lives_in-> Paris"], Relations(body.GetProperty("relations").GetProperty("deleted_entities")));
        var history = (await (await Client.GetAsync("/graph/relations?user_id=ana&history=true")).ReadJsonAsync()).Results();
        var paris = Assert.Single(history, r => r.Str("destination") == "Paris");
        Assert.NotEqual(JsonValueKind.Null, paris.GetProperty("valid_to").ValueKind);
        var current = (await (await Client.GetAsync("/graph/relations?user_id=ana")).ReadJsonAsync()).Results();
        Assert.Equal("Rome", Assert.Single(current).Str("destination"));
        var asOf = Uri.EscapeDataString(paris.GetProperty("valid_from").GetDateTimeOffset().AddTicks(10).ToString("O"));
        Assert.Equal("Paris", Assert.Single((await (await Client.GetAsync($"/graph/relations?user_id=ana&as_of={asOf}")).ReadJsonAsync()).Results()).Str("destination"));
    }

    /// <summary>The required case: a user with facts about their mother and their sister asks about their mother.</summary>
    [Fact]
    public async Task A_question_about_the_mother_returns_the_mothers_facts_and_relations_not_the_sisters()
    {
        var added = (await PostAsync("/memories", new { messages = "My mother Maria loves gardening. My sister Sofia plays tennis.", user_id = "ana" })).Results();
        var motherMemory = Assert.Single(added, r => r.Str("memory").Contains("Maria", StringComparison.Ordinal)).Str("id");
        var sisterMemory = Assert.Single(added, r => r.Str("memory").Contains("Sofia", StringComparison.Ordinal)).Str("id");

        var search = await PostAsync("/search", new { query = "What does my mother like?", user_id = "ana", mode = "graph" });

        var relations = Relations(search.GetProperty("relations"));
        Assert.Equal(["Maria -loves-> gardening", "ana -mother-> Maria"], relations);
        Assert.DoesNotContain(relations, r => r.Contains("Sofia", StringComparison.Ordinal) || r.Contains("tennis", StringComparison.Ordinal) || r.Contains("sister", StringComparison.Ordinal));
        Assert.Equal(motherMemory, search.Results()[0].Str("id"));

        // The graph signal on its own: the mother's memory, and never the sister's.
        var signal = Factory.Services.GetRequiredKeyedService<IRetrievalSignal>(GraphRetrievalSignal.SignalName);
        var hits = await signal.FindAsync(new RetrievalQuery("What does my mother like?", ReadOnlyMemory<float>.Empty, MemoryCore.Model.MemoryScope.Create("ana", null, null), null, 10), CancellationToken.None);
        Assert.Equal(motherMemory, Assert.Single(hits).MemoryId.ToString());
        Assert.DoesNotContain(hits, h => h.MemoryId.ToString() == sisterMemory);
    }

    [Fact]
    public async Task Search_relations_stay_in_the_scope()
    {
        await PostAsync("/memories", new { messages = "My mother Maria loves gardening.", user_id = "ana" });
        await PostAsync("/memories", new { messages = "My mother Julia loves chess.", user_id = "bob" });

        var ana = await PostAsync("/search", new { query = "What does my mother like?", user_id = "ana" });
        var carl = await PostAsync("/search", new { query = "What does my mother like?", user_id = "carl" });

        Assert.Equal(["Maria -loves-> gardening", "ana -mother-> Maria"], Relations(ana.GetProperty("relations")));
        Assert.Empty(carl.GetProperty("relations").EnumerateArray());
        Assert.Empty(carl.Results());
    }

    [Fact]
    public async Task Deleting_a_memory_retires_its_relations_and_delete_all_erases_the_graph()
    {
        var added = Assert.Single((await PostAsync("/memories", new { messages = "My sister Sofia plays tennis.", user_id = "ana" })).Results());
        await PostAsync("/memories", new { messages = "I live in Lisbon.", user_id = "ana" });

        (await Client.DeleteAsync($"/memories/{added.Str("id")}")).EnsureSuccessStatusCode();

        var current = (await (await Client.GetAsync("/graph/relations?user_id=ana")).ReadJsonAsync()).Results();
        Assert.Equal("Lisbon", Assert.Single(current).Str("destination"));
        var sister = (await PostAsync("/search", new { query = "Does my sister play tennis?", user_id = "ana" })).GetProperty("relations");
        Assert.Empty(sister.EnumerateArray());

        (await Client.DeleteAsync("/memories?user_id=ana")).EnsureSuccessStatusCode();
        Assert.Empty((await (await Client.GetAsync("/graph/relations?user_id=ana&history=true")).ReadJsonAsync()).Results());
    }

    [Fact]
    public async Task Rebuild_is_admin_only_and_needs_a_projection()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await Client.PostAsync("/admin/graph/rebuild", null)).StatusCode);
        using var admin = Factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey);
        await (await admin.PostAsync("/admin/graph/rebuild", null)).ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Bad_graph_queries_are_400_or_422()
    {
        await (await Client.GetAsync("/graph/relations?user_id=ana&as_of=yesterday")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.GetAsync("/graph/relations")).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
    }
}

public sealed class SqliteGraphApiTests : GraphApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresGraphApiTests : GraphApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
