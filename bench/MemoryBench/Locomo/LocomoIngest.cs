using System.Text.Json;
using MemoryCore.Engine;
using MemoryCore.Model;

namespace MemoryBench.Locomo;

/// <summary>
/// Stores a conversation the way an application using this service would keep a raw transcript: one memory
/// per dialogue turn through <see cref="MemoryService.AddAsync"/> with infer = false, in the conversation's
/// own scope (user_id = sample_id). Text: "&lt;speaker&gt;: &lt;text&gt;", plus " [shares an image: &lt;caption&gt;]"
/// for image turns (the caption stands in for the image a multimodal app would describe). Metadata:
/// dia_id, speaker, session, session_date.
/// </summary>
internal static class LocomoIngest
{
    public static string TextOf(LocomoTurn turn) =>
        string.IsNullOrWhiteSpace(turn.Caption) ? $"{turn.Speaker}: {turn.Text}" : $"{turn.Speaker}: {turn.Text} [shares an image: {turn.Caption}]";

    /// <summary>Returns, per dia_id, the memory holding that turn. Verbatim adds store identical text once per
    /// scope, so a turn repeating an earlier one word for word maps to the earlier memory.</summary>
    public static async Task<Dictionary<string, Guid>> IngestAsync(MemoryService memory, LocomoConversation conversation, CancellationToken cancellationToken)
    {
        var scope = MemoryScope.Create(conversation.SampleId, null, null);
        var byText = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var byTurn = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var turn in conversation.Turns)
        {
            var text = TextOf(turn).Trim();
            if (!byText.TryGetValue(text, out var id))
            {
                var metadata = new Dictionary<string, JsonElement>
                {
                    ["dia_id"] = JsonSerializer.SerializeToElement(turn.DiaId),
                    ["speaker"] = JsonSerializer.SerializeToElement(turn.Speaker),
                    ["session"] = JsonSerializer.SerializeToElement(turn.Session),
                    ["session_date"] = JsonSerializer.SerializeToElement(turn.SessionDate),
                };
                var request = new AddMemoryRequest([new ChatTurn("user", text)], scope, metadata, Infer: false, RecordTurns: false);
                var added = await memory.AddAsync(request, cancellationToken).ConfigureAwait(false);
                if (added.Count == 0)
                {
                    continue; // empty text: nothing stored, the turn cannot be retrieved
                }

                id = added[0].Id;
                byText[text] = id;
            }

            byTurn.TryAdd(turn.DiaId, id);
        }

        return byTurn;
    }
}
