namespace MemoryCore.Engine;

/// <summary>How long raw conversation turns are kept for distillation (section "Turns").</summary>
public sealed class TurnRetentionOptions
{
    /// <summary>Turns older than this are purged; 0 or less keeps them until their scope is deleted.</summary>
    public int RetentionDays { get; set; } = 30;

    public int PurgeIntervalMinutes { get; set; } = 60;
}
