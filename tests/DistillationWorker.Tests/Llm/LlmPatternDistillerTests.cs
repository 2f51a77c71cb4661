using DistillationWorker.Distillers;
using DistillationWorker.Distillers.Llm;
using DistillationWorker.Hosting;
using DistillationWorker.Tests.Heuristics;
using MemoryCore;
using MemoryCore.Extraction.Llm;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DistillationWorker.Tests.Llm;

public sealed class LlmPatternDistillerTests
{
    private readonly ScriptedChatClient _chat = new();

    private LlmPatternDistiller Distiller() => new(
        _chat,
        Options.Create(new LlmOptions { Model = "fake-chat" }),
        Options.Create(new DistillationOptions()),
        NullLogger<LlmPatternDistiller>.Instance);

    private static PersonHistory History() => Turns.History(
        Turns.User("I went swimming.", "r1", 0),
        Turns.Assistant("Assistant secret words.", "r1", 0),
        Turns.User("Swimming again.", "r2", 1)) with { KnownPatterns = ["The person often talks about swimming."] };

    [Fact]
    public async Task Returns_cleaned_patterns_with_metadata()
    {
        _chat.Reply("""{"patterns":["The person often talks about swimming.", "  ", "the person often talks about swimming.", "Walks every morning."]}""");

        var patterns = await Distiller().DistillAsync(History(), TestContext.Current.CancellationToken);

        Assert.Equal(["The person often talks about swimming.", "Walks every morning."], patterns.Select(p => p.Text));
        Assert.All(patterns, p =>
        {
            Assert.Equal("distillation", p.Metadata["source"].GetString());
            Assert.Equal(LlmPatternDistiller.DistillerName, p.Metadata["distiller"].GetString());
            Assert.Equal("fake-chat", p.Metadata["model"].GetString());
            Assert.Equal(2, p.Metadata["conversations"].GetInt32());
        });
    }

    [Fact]
    public async Task The_prompt_holds_the_known_patterns_and_only_the_persons_own_turns()
    {
        await Distiller().DistillAsync(History(), TestContext.Current.CancellationToken);

        var prompt = string.Join("\n", Assert.Single(_chat.Requests).Select(m => m.Text));
        Assert.Contains("The person often talks about swimming.", prompt);
        Assert.Contains("Swimming again.", prompt);
        Assert.DoesNotContain("Assistant secret words.", prompt);
    }

    [Fact]
    public async Task A_single_conversation_is_not_sent_to_the_model()
    {
        var patterns = await Distiller().DistillAsync(Turns.History(Turns.User("I went swimming.", "r1", 0)), TestContext.Current.CancellationToken);

        Assert.Empty(patterns);
        Assert.Empty(_chat.Requests);
    }

    [Fact]
    public async Task A_provider_failure_fails_the_person()
    {
        _chat.Fail(new HttpRequestException("connection refused"));

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => Distiller().DistillAsync(History(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Unusable_json_twice_fails_the_person()
    {
        _chat.Reply("not json");
        _chat.Reply("""{"wrong": 1}""");

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => Distiller().DistillAsync(History(), TestContext.Current.CancellationToken));
        Assert.Equal(2, _chat.Requests.Count);
    }
}
