using System.Text.Json;
using System.Text.Json.Serialization;

namespace MemoryBench.Locomo;

/// <summary>The --json output of one mode: recall as fractions in [0, 1], keyed by k.</summary>
internal sealed record LocomoReport(
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("recall")] IReadOnlyDictionary<string, double> Recall,
    [property: JsonPropertyName("per_category")] IReadOnlyDictionary<string, CategoryReport> PerCategory,
    [property: JsonPropertyName("questions")] int Questions,
    [property: JsonPropertyName("signals")] string Signals,
    [property: JsonPropertyName("store")] string Store,
    [property: JsonPropertyName("dimensions")] int Dimensions,
    [property: JsonPropertyName("conversations")] IReadOnlyList<string> Conversations,
    [property: JsonPropertyName("evidence")] EvidenceStats Evidence,
    [property: JsonPropertyName("label")] string? Label = null)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static LocomoReport From(string mode, string signals, string store, int dimensions, IReadOnlyList<LocomoConversation> conversations, RecallTally tally, EvidenceStats stats) => new(
        mode,
        ByK(tally.Recall),
        tally.Categories.ToDictionary(
            c => c.ToString(System.Globalization.CultureInfo.InvariantCulture),
            c => new CategoryReport(RecallTally.CategoryName(c), tally.QuestionsIn(c), ByK(k => tally.Recall(c, k)))),
        tally.Questions,
        signals,
        store,
        dimensions,
        conversations.Select(c => c.SampleId).ToList(),
        stats);

    /// <summary>One mode: the object itself; several: a list of them.</summary>
    public static void Write(string path, IReadOnlyList<LocomoReport> reports)
    {
        var json = reports.Count == 1 ? JsonSerializer.Serialize(reports[0], Options) : JsonSerializer.Serialize(reports, Options);
        File.WriteAllText(path, json + Environment.NewLine);
    }

    public static IReadOnlyList<LocomoReport> Read(string path)
    {
        var text = File.ReadAllText(path);
        return text.TrimStart().StartsWith('[')
            ? JsonSerializer.Deserialize<List<LocomoReport>>(text, Options)!
            : [JsonSerializer.Deserialize<LocomoReport>(text, Options)!];
    }

    private static Dictionary<string, double> ByK(Func<int, double> recall) =>
        RecallTally.Ks.Select((k, i) => (k, i)).ToDictionary(p => p.k.ToString(System.Globalization.CultureInfo.InvariantCulture), p => Math.Round(recall(p.i), 4));
}

internal sealed record CategoryReport(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("questions")] int Questions,
    [property: JsonPropertyName("recall")] IReadOnlyDictionary<string, double> Recall);
