using System.Text.Json;

namespace DistillationWorker.Distillers;

/// <summary>
/// One pattern to store. <see cref="Text"/> must be stable for the same underlying pattern (no counts or dates in
/// it): MemoryApi skips an exact duplicate, which is what keeps re-runs idempotent. Evidence goes into metadata.
/// </summary>
public sealed record DistilledPattern(string Kind, string Text, IReadOnlyDictionary<string, JsonElement> Metadata)
{
    public static DistilledPattern Create(string kind, string text, string distiller, IReadOnlyDictionary<string, object> evidence)
    {
        var metadata = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["source"] = JsonSerializer.SerializeToElement("distillation"),
            ["role"] = JsonSerializer.SerializeToElement("distillation"),
            ["pattern_kind"] = JsonSerializer.SerializeToElement(kind),
            ["distiller"] = JsonSerializer.SerializeToElement(distiller),
        };
        foreach (var (key, value) in evidence)
        {
            metadata[key] = JsonSerializer.SerializeToElement(value);
        }

        return new DistilledPattern(kind, text, metadata);
    }
}

/// <summary>Values of the "pattern_kind" metadata key.</summary>
public static class PatternKinds
{
    public const string RecurringTopic = "recurring_topic";
    public const string Routine = "routine";
    public const string MoodTrend = "mood_trend";
    public const string LlmObservation = "llm_observation";
}
