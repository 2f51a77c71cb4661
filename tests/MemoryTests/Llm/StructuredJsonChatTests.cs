using System.ClientModel;
using MemoryCore;
using MemoryCore.Extraction.Llm;
using MemoryTests.Fakes;
using Microsoft.Extensions.AI;

namespace MemoryTests.Llm;

/// <summary>Pure unit tests of the structured reply handling, with an in-process scripted chat client.</summary>
public sealed class StructuredJsonChatTests
{
    private static readonly IReadOnlyList<MemoryCore.Model.ChatTurn> Talk = LlmTestData.Conversation(("user", "I live in Porto."));

    [Fact]
    public async Task Think_block_and_fences_are_stripped_before_parsing()
    {
        var client = new ScriptedChatClient().Reply("<think>The user lives in Porto.</think>\n```json\n{\"facts\": [\"Lives in Porto\"]}\n```");

        var facts = await new LlmFactExtractor(client).ExtractAsync(Talk, false, TestContext.Current.CancellationToken);

        Assert.Equal(["Lives in Porto"], facts);
        var options = Assert.Single(client.Calls).Options;
        Assert.Equal(0f, options?.Temperature);
        Assert.IsType<ChatResponseFormatJson>(options?.ResponseFormat);
    }

    [Fact]
    public async Task Repair_request_quotes_the_bad_reply_and_the_parse_error()
    {
        var client = new ScriptedChatClient()
            .Reply("""{"facts": null}""")
            .Reply("""{"facts": ["Lives in Porto"]}""");

        var facts = await new LlmFactExtractor(client).ExtractAsync(Talk, false, TestContext.Current.CancellationToken);

        Assert.Equal(["Lives in Porto"], facts);
        var repair = client.Calls[1].Messages;
        Assert.Equal(client.Calls[0].Messages.Count + 2, repair.Count);
        Assert.Equal(ChatRole.Assistant, repair[^2].Role);
        Assert.Equal("""{"facts": null}""", repair[^2].Text);
        Assert.Equal(ChatRole.User, repair[^1].Role);
        Assert.Contains("Problem:", repair[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sdk_errors_are_wrapped_and_other_bugs_are_not()
    {
        var failing = new ScriptedChatClient().Throw(new ClientResultException("boom"));
        await Assert.ThrowsAsync<ProviderUnavailableException>(
            () => new LlmFactExtractor(failing).ExtractAsync(Talk, false, TestContext.Current.CancellationToken));

        var buggy = new ScriptedChatClient().Throw(new InvalidOperationException("bug"));
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => new LlmFactExtractor(buggy).ExtractAsync(Talk, false, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Cancellation_is_a_provider_failure_only_when_the_caller_did_not_cancel()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.True(ProviderFailures.IsProviderFailure(new TaskCanceledException(), CancellationToken.None));
        Assert.False(ProviderFailures.IsProviderFailure(new TaskCanceledException(), cancelled.Token));
        Assert.True(ProviderFailures.IsProviderFailure(new HttpRequestException("refused"), cancelled.Token));
        Assert.True(ProviderFailures.IsProviderFailure(new IOException("reset"), CancellationToken.None));
        Assert.False(ProviderFailures.IsProviderFailure(new ArgumentException("bug"), CancellationToken.None));
        Assert.Equal(TimeSpan.FromSeconds(5), ProviderFailures.Wrap("llm", new HttpRequestException("refused")).RetryAfter);
    }

    [Theory]
    [InlineData("{\"facts\": []}", "{\"facts\": []}")]
    [InlineData("```json\n{\"facts\": []}\n```", "{\"facts\": []}")]
    [InlineData("```\n{\"facts\": []}```", "{\"facts\": []}")]
    [InlineData("Here it is: {\"facts\": [\"a\"]} Hope that helps!", "{\"facts\": [\"a\"]}")]
    [InlineData("{\"facts\": [\"uses ``` in markdown\"]}", "{\"facts\": [\"uses ``` in markdown\"]}")]
    [InlineData("no json at all", "no json at all")]
    public void Json_is_recovered_from_typical_local_model_replies(string reply, string expected) =>
        Assert.Equal(expected, JsonReplyText.Extract(reply));
}
