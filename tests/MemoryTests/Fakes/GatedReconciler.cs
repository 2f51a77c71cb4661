using MemoryCore.Extraction;
using MemoryCore.Model;

namespace MemoryTests.Fakes;

/// <summary>
/// A reconciler standing in for a slow LLM: every call announces itself, then waits for the test to open the gate.
/// It decides like a careful LLM would: NONE when a candidate already says the fact, ADD otherwise.
/// </summary>
public sealed class GatedReconciler : IMemoryReconciler
{
    private readonly SemaphoreSlim _gate = new(0);
    private readonly SemaphoreSlim _entered = new(0);
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public void Open(int calls) => _gate.Release(calls);

    /// <summary>Waits until <paramref name="count"/> calls are pending at once (or fails after a generous guard time).</summary>
    public async Task WaitForPendingAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(await _entered.WaitAsync(TimeSpan.FromSeconds(30)), $"only {i} of {count} reconciliations started");
        }
    }

    public async Task<IReadOnlyList<MemoryDecision>> DecideAsync(IReadOnlyList<FactCandidates> facts, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        _entered.Release();
        await _gate.WaitAsync(cancellationToken);
        return [.. facts.Select(f => f.Candidates.FirstOrDefault(c => c.Memory.Memory == f.Fact) is { } same
            ? new MemoryDecision(f.FactIndex, MemoryEvent.None, same.Memory.Id, null)
            : new MemoryDecision(f.FactIndex, MemoryEvent.Add, null, f.Fact))];
    }
}

/// <summary>Every user message is one fact, as is.</summary>
public sealed class EchoFactExtractor : IFactExtractor
{
    public Task<IReadOnlyList<string>> ExtractAsync(IReadOnlyList<ChatTurn> turns, bool includeAgentFacts, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. turns.Where(t => t.IsUser).Select(t => t.Content)]);
}
