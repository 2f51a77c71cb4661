namespace DistillationWorker.Pass;

/// <summary>Outcome of one pass, returned by POST /distill/run (snake_case) and logged.</summary>
public sealed record PassResult(
    string Status,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    long? WatermarkBefore,
    long? WatermarkAfter,
    int Scopes,
    int People,
    int TurnsRead,
    int PatternsWritten,
    int DuplicatesSkipped,
    int Failures,
    string? Error);

/// <summary>Values of <see cref="PassResult.Status"/>.</summary>
public static class PassStatus
{
    /// <summary>Every person with new turns was distilled; the watermark moved to the newest settled turn (or stayed, when there was nothing new).</summary>
    public const string Completed = "completed";

    /// <summary>Another pass (in this or another worker) holds the lease; this one did nothing. Error names the holder and until when.</summary>
    public const string Busy = "busy";

    /// <summary>MemoryApi, a legacy state file or a distiller failed for at least one person, or the pass lost its lease to another
    /// pass; the watermark did not move and the next pass retries.</summary>
    public const string Failed = "failed";
}

/// <summary>Where a pass was started from, for logs and the result.</summary>
public static class PassTrigger
{
    public const string Schedule = "schedule";
    public const string OnDemand = "on_demand";
}
