namespace MemoryApi.Events;

/// <summary>The asynchronous add workers (section "Events").</summary>
public sealed class AddEventOptions
{
    /// <summary>Workers in this process; each applies one event at a time. 0 runs none (another instance does the work).</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Attempts per event before it ends FAILED (an attempt a dead process held counts too).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before the first retry; doubled at every further attempt, up to <see cref="MaxBackoffSeconds"/>.</summary>
    public double InitialBackoffSeconds { get; set; } = 2;

    public double MaxBackoffSeconds { get; set; } = 120;

    /// <summary>How long a claim lasts without renewal: a process killed mid-event holds it at most this long. Renewed
    /// every third of it while the worker runs.</summary>
    public double LeaseSeconds { get; set; } = 60;

    /// <summary>How often an idle worker looks for due events (an add accepted by this process wakes them at once).</summary>
    public int PollMilliseconds { get; set; } = 1000;

    public TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(1, LeaseSeconds));

    /// <summary>initial × 2^(attempt − 1), capped, ±20 % jitter so that failures of many events do not retry in step.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var seconds = Math.Min(MaxBackoffSeconds, InitialBackoffSeconds * Math.Pow(2, Math.Max(0, attempt - 1)));
        return TimeSpan.FromSeconds(seconds * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }
}
