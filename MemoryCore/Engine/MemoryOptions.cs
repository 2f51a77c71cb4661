namespace MemoryCore.Engine;

/// <summary>Engine limits and tuning (section "Memory"). Requests over a limit get 413 and change nothing.</summary>
public sealed class MemoryOptions
{
    public int MaxMessagesPerAdd { get; set; } = 100;

    public int MaxMessageChars { get; set; } = 16_000;

    /// <summary>Size of the metadata object as UTF-8 JSON.</summary>
    public int MaxMetadataBytes { get; set; } = 16_384;

    public int MaxQueryChars { get; set; } = 4_000;

    public int MaxMemoryChars { get; set; } = 16_000;

    public int MaxSearchLimit { get; set; } = 100;

    public int MaxListLimit { get; set; } = 1_000;

    /// <summary>How many existing memories each new fact is compared with.</summary>
    public int ReconcileCandidates { get; set; } = 5;

    /// <summary>At most this many facts from one add are kept (an LLM can ramble).</summary>
    public int MaxFactsPerAdd { get; set; } = 50;
}
