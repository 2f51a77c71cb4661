namespace DistillationWorker.Hosting;

/// <summary>Worker settings (section "Distillation"). Defaults are the documented ones in docs/distillation.md.</summary>
public sealed class DistillationOptions
{
    public const string SectionName = "Distillation";

    /// <summary>Every pattern is written under this agent_id, so distilled memories can be audited (and deleted) apart from the rest.</summary>
    public const string AgentId = "distillation";

    /// <summary>Cron expression (5 fields, Cronos syntax). Empty or "off" disables the schedule; POST /distill/run still works.</summary>
    public string? Schedule { get; set; } = "0 3 * * *";

    /// <summary>Time zone the schedule is read in (IANA or Windows id).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The job name of the pass's lease and checkpoint in MemoryApi (/jobs/distillation/...).</summary>
    public const string JobName = "distillation";

    /// <summary>Folder of a legacy state.json (from workers that kept the checkpoint in a file): read once, to seed
    /// MemoryApi's checkpoint while it is still empty. Empty: no legacy file is looked for.</summary>
    public string? DataDir { get; set; } = "./data/distillation";

    /// <summary>Lifetime of the pass's lease in MemoryApi; it is renewed every third of it while the pass runs, and a
    /// crashed worker's lease frees itself after it.</summary>
    public int LeaseTtlSeconds { get; set; } = 300;

    /// <summary>Names this worker in lease holder ids ("&lt;instance&gt;/&lt;pass&gt;"), in logs and in busy answers.
    /// Empty: "&lt;machine&gt;-&lt;process id&gt;".</summary>
    public string? InstanceId { get; set; }

    /// <summary>Turns newer than now minus this are left for the next pass, so writes still committing are not skipped past.</summary>
    public int SettleSeconds { get; set; } = 60;

    /// <summary>How far back a person's conversations are read when they have something new.</summary>
    public int LookbackDays { get; set; } = 30;

    /// <summary>Distinct conversations a topic or routine must appear in before it becomes a pattern.</summary>
    public int MinConversations { get; set; } = 3;

    /// <summary>At most this many recurring topics per person and pass (the most widespread first).</summary>
    public int MaxTopics { get; set; } = 5;

    /// <summary>Emotion words each half of the window needs before a mood trend is reported.</summary>
    public int MinMoodWords { get; set; } = 5;

    /// <summary>Change in the negative share (0..1) between the halves that counts as a trend.</summary>
    public double MoodShift { get; set; } = 0.25;

    /// <summary>LLM distiller only: the most recent user turns shown to the model.</summary>
    public int LlmMaxTurns { get; set; } = 200;
}
