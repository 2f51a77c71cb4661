using System.Text.Json;
using System.Text.RegularExpressions;

namespace MemoryBench.Locomo;

/// <summary>One dialogue turn: its normalised id (D&lt;session&gt;:&lt;turn&gt;), speaker, text and optional image caption.</summary>
internal sealed record LocomoTurn(string DiaId, int Session, string SessionDate, string Speaker, string Text, string? Caption);

/// <summary>One question with its raw evidence ids as the file gives them.</summary>
internal sealed record LocomoQuestion(string Question, int Category, IReadOnlyList<string> Evidence);

internal sealed record LocomoConversation(string SampleId, IReadOnlyList<LocomoTurn> Turns, IReadOnlyList<LocomoQuestion> Questions);

/// <summary>
/// Reads any file in LoCoMo's format (a list of {sample_id, conversation: {session_N, session_N_date_time, …}, qa}).
/// Sessions without content (conv-26 has date keys only) are skipped; turns keep the file's order.
/// </summary>
internal static partial class LocomoDataset
{
    public static IReadOnlyList<LocomoConversation> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var conversations = new List<LocomoConversation>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var sampleId = Text(item, "sample_id") ?? $"conversation-{conversations.Count + 1}";
            var conversation = item.GetProperty("conversation");
            var turns = new List<LocomoTurn>();
            foreach (var (session, turnsElement) in Sessions(conversation))
            {
                var date = conversation.TryGetProperty($"session_{session}_date_time", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : string.Empty;
                foreach (var turn in turnsElement.EnumerateArray())
                {
                    var raw = turn.GetProperty("dia_id").GetString()!;
                    var parsed = EvidenceIds.Parse(raw);
                    var id = parsed.Count > 0 ? parsed[0] : raw;
                    turns.Add(new LocomoTurn(id, session, date, Text(turn, "speaker") ?? "?", Text(turn, "text") ?? string.Empty, Text(turn, "blip_caption")));
                }
            }

            var questions = new List<LocomoQuestion>();
            if (item.TryGetProperty("qa", out var qa))
            {
                foreach (var q in qa.EnumerateArray())
                {
                    var evidence = q.TryGetProperty("evidence", out var e) && e.ValueKind == JsonValueKind.Array
                        ? e.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText()).ToList()
                        : [];
                    var category = q.TryGetProperty("category", out var c) && c.TryGetInt32(out var n) ? n : 0;
                    questions.Add(new LocomoQuestion(Text(q, "question") ?? string.Empty, category, evidence));
                }
            }

            conversations.Add(new LocomoConversation(sampleId, turns, questions));
        }

        return conversations;
    }

    private static IEnumerable<(int Session, JsonElement Turns)> Sessions(JsonElement conversation) =>
        conversation.EnumerateObject()
            .Select(p => (Match: SessionKey().Match(p.Name), p.Value))
            .Where(s => s.Match.Success && s.Value.ValueKind == JsonValueKind.Array)
            .Select(s => (int.Parse(s.Match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), s.Value))
            .OrderBy(s => s.Item1);

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"^session_(\d+)$")]
    private static partial Regex SessionKey();
}
