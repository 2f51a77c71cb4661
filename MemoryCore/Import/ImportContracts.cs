namespace MemoryCore.Import;

/// <summary>How the file is laid out: one JSON object per line, or one JSON array of objects (Mem0's get_all
/// <c>results</c>, exported as an array).</summary>
public enum ImportFormat
{
    JsonLines,
    JsonArray,
}

/// <summary>Options of one import run.</summary>
public sealed record ImportOptions
{
    /// <summary>Memories per store transaction (and per embedding round).</summary>
    public int BatchSize { get; init; } = 2_000;

    /// <summary>Texts per embedder call.</summary>
    public int EmbedBatchSize { get; init; } = 256;

    /// <summary>Stop at the first rejected line (what was committed before it stays); by default bad lines are reported and skipped.</summary>
    public bool StopOnError { get; init; }

    /// <summary>Drop the HNSW index during the load and build it once at the end: much faster for a large load into an empty
    /// or small store; searches of large scopes are slower until the build ends.</summary>
    public bool DeferVectorIndex { get; init; }

    /// <summary>How many rejections the report lists (all are counted).</summary>
    public int MaxListedRejections { get; init; } = 1_000;

    /// <summary>The tenant every imported memory is written into (the importing caller's); a file never names it.</summary>
    public string Tenant { get; init; } = Model.MemoryScope.DefaultTenant;
}

/// <summary>A line (or array item, counted from 1) that was not imported, and why.</summary>
public sealed record ImportRejection(long Line, string Reason);

/// <summary>Counts so far; reported after every batch and at the end.</summary>
public sealed record ImportProgress(long Lines, long Imported, long Duplicates, long Rejected);

/// <summary>The outcome of one run.</summary>
public sealed record ImportReport(
    long Lines, long Imported, long Duplicates, long Rejected, IReadOnlyList<ImportRejection> Rejections, bool Stopped, TimeSpan Elapsed);
