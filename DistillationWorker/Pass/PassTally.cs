namespace DistillationWorker.Pass;

/// <summary>Counters of a pass in progress.</summary>
internal sealed class PassTally
{
    public int Scopes { get; set; }

    public int People { get; set; }

    public int TurnsRead { get; set; }

    public int PatternsWritten { get; set; }

    public int DuplicatesSkipped { get; set; }

    public int Failures { get; set; }

    public PassResult ToResult(string status, string trigger, DateTimeOffset startedAt, DateTimeOffset finishedAt, long? before, long? after, string? error = null) =>
        new(status, trigger, startedAt, finishedAt, before, after, Scopes, People, TurnsRead, PatternsWritten, DuplicatesSkipped, Failures, error);
}
