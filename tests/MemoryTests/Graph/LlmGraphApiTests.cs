using System.Text.Json;
using MemoryTests.Api;
using MemoryTests.Fakes;
using MemoryTests.Infrastructure;

namespace MemoryTests.Graph;

/// <summary>
/// The LLM graph path end to end: the real OpenAI SDK against <see cref="FakeOpenAiServer"/>, which answers each
/// structured request by its schema name (facts, decisions, graph relations, graph query, contradictions).
/// </summary>
public abstract class LlmGraphApiTests : MemoryApiTestBase
{
    private FakeOpenAiServer _llm = null!;
    private readonly Dictionary<string, Queue<string>> _replies = new(StringComparer.Ordinal);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Llm:BaseUrl"] = _llm.BaseUrl.ToString(),
        ["Llm:Model"] = "fake-chat",
        ["Llm:MaxRetries"] = "0",
        ["Retrieval:DefaultMode"] = "vector",
    };

    public override async ValueTask InitializeAsync()
    {
        _llm = await FakeOpenAiServer.StartAsync();
        _llm.ChatResponder = request =>
        {
            lock (_replies)
            {
                return FakeOpenAiServer.ResponseSchemaName(request) is { } schema && _replies.TryGetValue(schema, out var queue) && queue.Count > 0 ? queue.Dequeue() : null;
            }
        };
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _llm.DisposeAsync();
    }

    private void Reply(string schema, string json)
    {
        lock (_replies)
        {
            if (!_replies.TryGetValue(schema, out var queue))
            {
                _replies[schema] = queue = new Queue<string>();
            }

            queue.Enqueue(json);
        }
    }

    private static string[] Relations(JsonElement list) =>
        [.. list.EnumerateArray().Select(r => $"{r.Str("source")} -{r.Str("relationship")}-> {r.Str("destination")}").Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Extracts_relations_and_query_seeds_with_the_llm()
    {
        Reply("extracted_facts", """{"facts": ["Mother Maria loves gardening", "Sister Sofia plays tennis"]}""");
        Reply("graph_relations", """
            {"relations": [
              {"text_index": 0, "source": "USER", "source_type": "person", "relationship": "HAS_MOTHER", "destination": "Maria", "destination_type": "person"},
              {"text_index": 0, "source": "Maria", "source_type": "person", "relationship": "loves", "destination": "gardening", "destination_type": "activity"},
              {"text_index": 1, "source": "USER", "source_type": "person", "relationship": "sister", "destination": "Sofia", "destination_type": "person"},
              {"text_index": 1, "source": "Sofia", "source_type": "person", "relationship": "plays", "destination": "tennis", "destination_type": "activity"},
              {"text_index": 9, "source": "USER", "source_type": "person", "relationship": "invented", "destination": "nothing", "destination_type": "concept"}
            ]}
            """);
        var add = await (await Client.PostJsonAsync("/memories", new { messages = "My mom Maria loves gardening and my sister Sofia plays tennis", user_id = "ana" })).ReadJsonAsync();

        Reply("graph_query", """{"entities": [], "user_relationships": ["mom"], "about_user": false}""");
        var search = await (await Client.PostJsonAsync("/search", new { query = "What does my mom enjoy?", user_id = "ana" })).ReadJsonAsync();

        Assert.Equal(
            ["Maria -loves-> gardening", "Sofia -plays-> tennis", "ana -mother-> Maria", "ana -sister-> Sofia"],
            Relations(add.GetProperty("relations").GetProperty("added_entities")));
        Assert.Equal(["Maria -loves-> gardening", "ana -mother-> Maria"], Relations(search.GetProperty("relations")));
        var schemas = _llm.ChatRequests.Select(r => FakeOpenAiServer.ResponseSchemaName(r.RootElement)).ToList();
        Assert.Equal(["extracted_facts", "graph_relations", "graph_query"], schemas);
    }

    [Fact]
    public async Task Invalidates_what_the_llm_says_is_contradicted_and_ignores_invented_ids()
    {
        Reply("extracted_facts", """{"facts": ["Lives in Paris"]}""");
        Reply("graph_relations", """{"relations": [{"text_index": 0, "source": "USER", "source_type": "person", "relationship": "lives_in", "destination": "Paris", "destination_type": "location"}]}""");
        await (await Client.PostJsonAsync("/memories", new { messages = "I live in Paris", user_id = "ana" })).ReadJsonAsync();

        Reply("extracted_facts", """{"facts": ["Lives in Rome"]}""");
        Reply("memory_decisions", """{"decisions": [{"fact_index": 0, "event": "ADD", "memory_id": null, "text": "Lives in Rome"}]}""");
        Reply("graph_relations", """{"relations": [{"text_index": 0, "source": "USER", "source_type": "person", "relationship": "lives_in", "destination": "Rome", "destination_type": "location"}]}""");
        Reply("graph_contradictions", """{"invalidate": [0, "7"]}""");
        var add = await (await Client.PostJsonAsync("/memories", new { messages = "I moved to Rome", user_id = "ana" })).ReadJsonAsync();

        Assert.Equal(["ana -lives_in-> Paris"], Relations(add.GetProperty("relations").GetProperty("deleted_entities")));
        var current = (await (await Client.GetAsync("/graph/relations?user_id=ana")).ReadJsonAsync()).Results();
        Assert.Equal("Rome", Assert.Single(current).Str("destination"));
        Assert.Equal(2, (await ListAsync("user_id=ana")).Length); // the memory reconciler said ADD: both memories stay
    }

    [Fact]
    public async Task An_unusable_graph_reply_fails_the_add_and_writes_nothing()
    {
        Reply("extracted_facts", """{"facts": ["Likes tea"]}""");
        Reply("graph_relations", "not json");
        Reply("graph_relations", """{"wrong": true}""");

        var response = await Client.PostJsonAsync("/memories", new { messages = "I like tea", user_id = "ana" });

        await response.ReadProblemAsync(System.Net.HttpStatusCode.ServiceUnavailable);
        Assert.Empty(await ListAsync("user_id=ana"));
        Assert.Empty((await (await Client.GetAsync("/graph/relations?user_id=ana&history=true")).ReadJsonAsync()).Results());
    }
}

public sealed class SqliteLlmGraphApiTests : LlmGraphApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresLlmGraphApiTests : LlmGraphApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
