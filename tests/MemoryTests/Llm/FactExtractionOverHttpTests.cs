using MemoryCore;
using MemoryCore.Extraction.Llm;
using MemoryTests.Fakes;

namespace MemoryTests.Llm;

/// <summary>LlmFactExtractor through the real OpenAI SDK against <see cref="FakeOpenAiServer"/>.</summary>
public sealed class FactExtractionOverHttpTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private LlmFactExtractor Extractor() => new(
        OpenAiCompatibleProviders.CreateChatClient(_server.LlmOptions()),
        timeProvider: new FixedTimeProvider(new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero)));

    private static readonly IReadOnlyList<MemoryCore.Model.ChatTurn> AnaTalks = LlmTestData.Conversation(
        ("system", "You are a helpful assistant. SECRET-SYSTEM-TEXT"),
        ("user", "I'm Ana, I'm vegetarian and my daughter Lia turns 6 next week."),
        ("assistant", "Nice to meet you, Ana!"));

    [Fact]
    public async Task Returns_trimmed_deduplicated_facts_from_the_model()
    {
        _server.EnqueueChat("""{"facts": [" Name is Ana ", "Is vegetarian", "", "is vegetarian", "Daughter Lia turns 6 on 2025-03-21"]}""");

        var facts = await Extractor().ExtractAsync(AnaTalks, includeAgentFacts: false, TestContext.Current.CancellationToken);

        Assert.Equal(["Name is Ana", "Is vegetarian", "Daughter Lia turns 6 on 2025-03-21"], facts);
    }

    [Fact]
    public async Task Request_asks_for_a_json_schema_at_temperature_zero_and_omits_system_turns()
    {
        _server.EnqueueChat("""{"facts": []}""");

        await Extractor().ExtractAsync(AnaTalks, includeAgentFacts: false, TestContext.Current.CancellationToken);

        var request = Assert.Single(_server.ChatRequests).RootElement;
        var format = request.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("extracted_facts", format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.True(format.GetProperty("json_schema").GetProperty("strict").GetBoolean());
        Assert.Equal(0, request.GetProperty("temperature").GetDouble());
        Assert.Equal("fake-chat", request.GetProperty("model").GetString());

        var prompt = FakeOpenAiServer.AllMessageText(_server.ChatRequests[0]);
        Assert.Contains("2025-03-14", prompt, StringComparison.Ordinal);
        Assert.Contains("my daughter Lia", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-SYSTEM-TEXT", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_facts_are_requested_only_when_asked_for()
    {
        _server.EnqueueChat("""{"facts": []}""");
        _server.EnqueueChat("""{"facts": []}""");

        await Extractor().ExtractAsync(AnaTalks, includeAgentFacts: false, TestContext.Current.CancellationToken);
        await Extractor().ExtractAsync(AnaTalks, includeAgentFacts: true, TestContext.Current.CancellationToken);

        Assert.DoesNotContain("Assistant's name", FakeOpenAiServer.AllMessageText(_server.ChatRequests[0]), StringComparison.Ordinal);
        Assert.Contains("Assistant's name", FakeOpenAiServer.AllMessageText(_server.ChatRequests[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fenced_json_from_a_local_model_is_accepted()
    {
        _server.EnqueueChat("Sure! Here you go:\n```json\n{\"facts\": [\"Is vegetarian\"]}\n```");

        var facts = await Extractor().ExtractAsync(AnaTalks, includeAgentFacts: false, TestContext.Current.CancellationToken);

        Assert.Equal(["Is vegetarian"], facts);
        Assert.Single(_server.ChatRequests);
    }

    [Fact]
    public async Task Malformed_reply_is_repaired_with_one_follow_up_request()
    {
        _server.EnqueueChat("""{"facts": ["Is vegetarian",""");
        _server.EnqueueChat("""{"facts": ["Is vegetarian"]}""");

        var facts = await Extractor().ExtractAsync(AnaTalks, includeAgentFacts: false, TestContext.Current.CancellationToken);

        Assert.Equal(["Is vegetarian"], facts);
        Assert.Equal(2, _server.ChatRequests.Count);
        var repair = _server.ChatRequests[1].RootElement.GetProperty("messages");
        var count = repair.GetArrayLength();
        Assert.Equal("assistant", repair[count - 2].GetProperty("role").GetString());
        Assert.Contains("corrected JSON", FakeOpenAiServer.AllMessageText(_server.ChatRequests[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_of_the_wrong_shape_counts_as_malformed()
    {
        _server.EnqueueChat("""{"memories": ["Is vegetarian"]}""");
        _server.EnqueueChat("""{"facts": "Is vegetarian"}""");

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(
            () => Extractor().ExtractAsync(AnaTalks, includeAgentFacts: false, TestContext.Current.CancellationToken));

        Assert.Equal("llm", ex.Provider);
        Assert.Equal(2, _server.ChatRequests.Count);
    }

    [Fact]
    public async Task Malformed_twice_fails_loudly_instead_of_dropping_facts()
    {
        _server.EnqueueChat("I could not find any facts.");
        _server.EnqueueChat("Still no JSON, sorry.");

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(
            () => Extractor().ExtractAsync(AnaTalks, includeAgentFacts: false, TestContext.Current.CancellationToken));

        Assert.Equal("llm", ex.Provider);
        Assert.Contains("extracted_facts", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.PendingChatSteps);
    }

    [Fact]
    public async Task Conversation_without_user_or_assistant_content_makes_no_call()
    {
        var facts = await Extractor().ExtractAsync(
            LlmTestData.Conversation(("system", "Be brief.")), includeAgentFacts: false, TestContext.Current.CancellationToken);

        Assert.Empty(facts);
        Assert.Empty(_server.ChatRequests);
    }
}
