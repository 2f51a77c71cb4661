using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MemoryCore.Extraction.Llm;

/// <summary>The reconciler's reply as the model writes it, before ids are mapped back to memories.</summary>
internal sealed class DecisionsReply
{
    private static readonly string[] Events = ["ADD", "UPDATE", "DELETE", "NONE"];

    public required List<DecisionItem> Decisions { get; init; }

    /// <summary>Shape checks the DTO cannot express; a failure here triggers the repair round trip.</summary>
    public static string? Validate(DecisionsReply reply)
    {
        for (var i = 0; i < reply.Decisions.Count; i++)
        {
            var decision = reply.Decisions[i];
            if (decision is null)
            {
                return $"decisions[{i}] is null; every decision must be an object.";
            }

            if (!Events.Contains(decision.Event.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                return $"decisions[{i}].event is \"{decision.Event}\" but must be one of ADD, UPDATE, DELETE, NONE.";
            }

            if (decision.MemoryId is { ValueKind: not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null) })
            {
                return $"decisions[{i}].memory_id must be a string id from the input or null.";
            }
        }

        return null;
    }
}

internal sealed class DecisionItem
{
    [JsonPropertyName("fact_index")]
    public required int FactIndex { get; init; }

    [JsonPropertyName("event")]
    public required string Event { get; init; }

    /// <summary>A JSON element rather than a string because small models often write the id as a number (3, not "3").</summary>
    [JsonPropertyName("memory_id")]
    public JsonElement? MemoryId { get; init; }

    [JsonPropertyName("text")]
    public string? Text { get; init; }

    public string EventName => Event.Trim().ToUpperInvariant();

    public string? MemoryAlias => MemoryId switch
    {
        { ValueKind: JsonValueKind.String } id => id.GetString(),
        { ValueKind: JsonValueKind.Number } id => id.GetRawText(),
        _ => null,
    };

    public string? NonEmptyText => string.IsNullOrWhiteSpace(Text) ? null : Text.Trim();
}
