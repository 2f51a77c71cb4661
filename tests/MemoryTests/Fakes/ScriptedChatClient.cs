using Microsoft.Extensions.AI;

namespace MemoryTests.Fakes;

/// <summary>
/// An in-process <see cref="IChatClient"/> that answers from a script, for unit tests that need no HTTP.
/// Each call takes the next reply: a string becomes the assistant text, an exception is thrown.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<object> _script = new();
    private readonly List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> _calls = [];

    /// <summary>Every call received: the messages sent (copied) and the options.</summary>
    public IReadOnlyList<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls => _calls;

    public ScriptedChatClient Reply(string text)
    {
        _script.Enqueue(text);
        return this;
    }

    public ScriptedChatClient Throw(Exception exception)
    {
        _script.Enqueue(exception);
        return this;
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _calls.Add((messages.ToList(), options));
        if (_script.Count == 0)
        {
            throw new InvalidOperationException($"ScriptedChatClient has no reply left for call {_calls.Count}.");
        }

        return _script.Dequeue() switch
        {
            Exception ex => Task.FromException<ChatResponse>(ex),
            var text => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, (string)text))),
        };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Streaming is not scripted.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
