using System.Text.Json;
using MemoryCore.Extraction;
using MemoryCore.Model;
using Microsoft.Extensions.Logging;

namespace MemoryTests.Llm;

/// <summary>Builders shared by the LLM tests.</summary>
internal static class LlmTestData
{
    public static MemoryRecord Memory(string text, Guid? id = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new MemoryRecord(
            id ?? Guid.NewGuid(), text, "hash-" + text.Length, new Dictionary<string, JsonElement>(), now, now, "ana", null, null);
    }

    public static FactCandidates Fact(int index, string fact, params MemoryRecord[] candidates) =>
        new(index, fact, candidates.Select(m => new ScoredMemory(m, 0.8)).ToList());

    public static IReadOnlyList<ChatTurn> Conversation(params (string Role, string Content)[] turns) =>
        turns.Select(t => new ChatTurn(t.Role, t.Content)).ToList();
}

/// <summary>A clock stuck at one instant, so prompts that mention today's date are predictable.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Keeps formatted log messages so tests can assert that something was reported.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly List<string> _messages = [];

    public IReadOnlyList<string> Messages { get { lock (_messages) { return [.. _messages]; } } }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_messages)
        {
            _messages.Add($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
