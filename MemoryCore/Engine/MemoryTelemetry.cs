using System.Diagnostics;
using System.Diagnostics.Metrics;
using MemoryCore.Model;

namespace MemoryCore.Engine;

/// <summary>The memory pipeline's own spans (one per stage) and counters.</summary>
public static class MemoryTelemetry
{
    public const string Name = "MemoryCore";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Events = Meter.CreateCounter<long>("memory.events", description: "Memory decisions applied, by event");

    private static readonly Counter<long> TruncatedEmbeddings = Meter.CreateCounter<long>(
        "memory.embed.truncated", description: "Texts cut to the embedding model's token window before embedding, by model");

    public static Activity? Stage(string stage) => ActivitySource.StartActivity("memory." + stage);

    public static void Count(MemoryEvent memoryEvent, long count = 1) =>
        Events.Add(count, new KeyValuePair<string, object?>("event", memoryEvent.ToString().ToUpperInvariant()));

    public static void CountTruncatedEmbeddings(string model, long count) =>
        TruncatedEmbeddings.Add(count, new KeyValuePair<string, object?>("model", model));
}
