using MemoryCore;
using MemoryCore.Extraction;
using MemoryCore.Extraction.Llm;
using MemoryCore.Model;
using MemoryTests.Fakes;

namespace MemoryTests.Llm;

/// <summary>LlmMemoryReconciler through the real OpenAI SDK against <see cref="FakeOpenAiServer"/>.</summary>
public sealed class ReconcilerOverHttpTests : IAsyncLifetime
{
    private readonly CapturingLogger<LlmMemoryReconciler> _log = new();
    private FakeOpenAiServer _server = null!;

    // Candidate order fixes the aliases: pizza = "0", tennis = "1", car = "2".
    private readonly MemoryRecord _pizza = LlmTestData.Memory("Likes cheese pizza");
    private readonly MemoryRecord _tennis = LlmTestData.Memory("Plays tennis");
    private readonly MemoryRecord _car = LlmTestData.Memory("Owns a blue Fiat");

    public async ValueTask InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private LlmMemoryReconciler Reconciler() => new(OpenAiCompatibleProviders.CreateChatClient(_server.LlmOptions()), _log);

    private List<FactCandidates> Facts() =>
    [
        LlmTestData.Fact(0, "Loves cheese pizza", _pizza, _tennis),
        LlmTestData.Fact(1, "Plays tennis every Sunday", _tennis, _car),
        LlmTestData.Fact(2, "Sold the Fiat", _car),
        LlmTestData.Fact(3, "Has a cat named Miso"),
    ];

    [Fact]
    public async Task Small_integer_ids_are_mapped_back_to_memory_guids()
    {
        _server.EnqueueChat("""
            {"decisions": [
              {"fact_index": 0, "event": "NONE", "memory_id": "0", "text": ""},
              {"fact_index": 1, "event": "UPDATE", "memory_id": "1", "text": "Plays tennis every Sunday"},
              {"fact_index": 2, "event": "DELETE", "memory_id": 2, "text": ""},
              {"fact_index": 3, "event": "add", "memory_id": null, "text": "Has a cat named Miso"}
            ]}
            """);

        var decisions = await Reconciler().DecideAsync(Facts(), TestContext.Current.CancellationToken);

        Assert.Equal(
            [
                new MemoryDecision(0, MemoryEvent.None, _pizza.Id, null),
                new MemoryDecision(1, MemoryEvent.Update, _tennis.Id, "Plays tennis every Sunday"),
                new MemoryDecision(2, MemoryEvent.Delete, _car.Id, null),
                new MemoryDecision(3, MemoryEvent.Add, null, "Has a cat named Miso"),
            ],
            decisions);
    }

    [Fact]
    public async Task Prompt_shows_each_candidate_once_under_a_small_id_and_never_a_guid()
    {
        _server.EnqueueChat("""{"decisions": []}""");

        await Reconciler().DecideAsync(Facts(), TestContext.Current.CancellationToken);

        var request = Assert.Single(_server.ChatRequests);
        var prompt = FakeOpenAiServer.AllMessageText(request);
        foreach (var memory in new[] { _pizza, _tennis, _car })
        {
            Assert.DoesNotContain(memory.Id.ToString(), prompt, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(memory.Id.ToString("N"), prompt, StringComparison.OrdinalIgnoreCase);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(prompt, System.Text.RegularExpressions.Regex.Escape($"\"{memory.Memory}\"")));
        }

        Assert.Contains("""{"id":"2","text":"Owns a blue Fiat"}""", prompt, StringComparison.Ordinal);
        var format = request.RootElement.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("memory_decisions", format.GetProperty("json_schema").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Invented_ids_are_ignored_and_logged_without_losing_the_fact()
    {
        _server.EnqueueChat("""
            {"decisions": [
              {"fact_index": 0, "event": "UPDATE", "memory_id": "17", "text": "Loves cheese pizza and sushi"},
              {"fact_index": 1, "event": "DELETE", "memory_id": "99", "text": ""},
              {"fact_index": 2, "event": "NONE", "memory_id": "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "text": ""},
              {"fact_index": 3, "event": "UPDATE", "memory_id": null, "text": ""},
              {"fact_index": 42, "event": "ADD", "memory_id": null, "text": "Made-up fact"}
            ]}
            """);

        var decisions = await Reconciler().DecideAsync(Facts(), TestContext.Current.CancellationToken);

        Assert.Equal(
            [
                new MemoryDecision(0, MemoryEvent.Add, null, "Loves cheese pizza"),
                new MemoryDecision(1, MemoryEvent.None, null, null),
                new MemoryDecision(2, MemoryEvent.None, null, null),
                new MemoryDecision(3, MemoryEvent.Add, null, "Has a cat named Miso"),
            ],
            decisions);
        Assert.Contains(_log.Messages, m => m.Contains("17", StringComparison.Ordinal));
        Assert.Contains(_log.Messages, m => m.Contains("99", StringComparison.Ordinal));
        Assert.Contains(_log.Messages, m => m.Contains("fact_index 42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Update_without_text_keeps_the_fact_text_and_facts_without_a_decision_are_left_to_the_engine()
    {
        _server.EnqueueChat("""{"decisions": [{"fact_index": 1, "event": "UPDATE", "memory_id": "1", "text": "  "}]}""");

        var decisions = await Reconciler().DecideAsync(Facts(), TestContext.Current.CancellationToken);

        Assert.Equal([new MemoryDecision(1, MemoryEvent.Update, _tennis.Id, "Plays tennis every Sunday")], decisions);
    }

    [Fact]
    public async Task Unknown_event_triggers_a_repair_round_trip()
    {
        _server.EnqueueChat("""{"decisions": [{"fact_index": 2, "event": "MERGE", "memory_id": "2", "text": "x"}]}""");
        _server.EnqueueChat("""{"decisions": [{"fact_index": 2, "event": "DELETE", "memory_id": "2", "text": ""}]}""");

        var decisions = await Reconciler().DecideAsync(Facts(), TestContext.Current.CancellationToken);

        Assert.Equal([new MemoryDecision(2, MemoryEvent.Delete, _car.Id, null)], decisions);
        Assert.Contains("MERGE", FakeOpenAiServer.AllMessageText(_server.ChatRequests[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_event_twice_is_a_provider_failure()
    {
        _server.EnqueueChat("""{"decisions": [{"fact_index": 2, "event": "MERGE", "memory_id": "2", "text": "x"}]}""");
        _server.EnqueueChat("""{"decisions": [{"fact_index": 2, "event": "REPLACE", "memory_id": "2", "text": "x"}]}""");

        await Assert.ThrowsAsync<ProviderUnavailableException>(
            () => Reconciler().DecideAsync(Facts(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Facts_without_any_existing_memory_are_added_without_calling_the_model()
    {
        var decisions = await Reconciler().DecideAsync(
            [LlmTestData.Fact(0, "Has a cat named Miso"), LlmTestData.Fact(1, "Lives in Porto")], TestContext.Current.CancellationToken);

        Assert.Equal(
            [new MemoryDecision(0, MemoryEvent.Add, null, "Has a cat named Miso"), new MemoryDecision(1, MemoryEvent.Add, null, "Lives in Porto")],
            decisions);
        Assert.Empty(_server.ChatRequests);
    }
}
