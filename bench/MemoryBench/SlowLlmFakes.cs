using MemoryCore.Extraction;
using MemoryCore.Model;

namespace MemoryBench;

/// <summary>Counts the calls and how many wait at once, for the concurrency benchmark.</summary>
internal sealed class LlmCallMeter
{
    private int _calls;
    private int _inFlight;
    private int _maxInFlight;

    public int Calls => Volatile.Read(ref _calls);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public async Task<T> CallAsync<T>(TimeSpan latency, Func<Task<T>> answer, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            await Task.Delay(latency, cancellationToken).ConfigureAwait(false);
            return await answer().ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public void Reset()
    {
        Volatile.Write(ref _calls, 0);
        Volatile.Write(ref _maxInFlight, 0);
    }
}

/// <summary>A fact extractor that answers like the offline one, after an LLM's latency.</summary>
internal sealed class SlowFactExtractor(IFactExtractor inner, TimeSpan latency, LlmCallMeter meter) : IFactExtractor
{
    public Task<IReadOnlyList<string>> ExtractAsync(IReadOnlyList<ChatTurn> turns, bool includeAgentFacts, CancellationToken cancellationToken) =>
        meter.CallAsync(latency, () => inner.ExtractAsync(turns, includeAgentFacts, cancellationToken), cancellationToken);
}

/// <summary>A reconciler that decides like the offline one, after an LLM's latency.</summary>
internal sealed class SlowReconciler(IMemoryReconciler inner, TimeSpan latency, LlmCallMeter meter) : IMemoryReconciler
{
    public Task<IReadOnlyList<MemoryDecision>> DecideAsync(IReadOnlyList<FactCandidates> facts, CancellationToken cancellationToken) =>
        meter.CallAsync(latency, () => inner.DecideAsync(facts, cancellationToken), cancellationToken);
}
