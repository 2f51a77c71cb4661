using Microsoft.Extensions.AI;

namespace DistillationWorker.Tests.Llm;

/// <summary>An IChatClient that answers from a queue (or throws) and records what it was asked.</summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<Func<string>> _replies = new();

    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public void Reply(string json) => _replies.Enqueue(() => json);

    public void Fail(Exception ex) => _replies.Enqueue(() => throw ex);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add([.. messages]);
        var text = _replies.Count > 0 ? _replies.Dequeue()() : """{"patterns":[]}""";
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
