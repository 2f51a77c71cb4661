using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MemoryCore.Extraction.Llm;

/// <summary>One conversation turn as shown to the model.</summary>
internal sealed record TranscriptTurn(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("content")] string Content);

/// <summary>Serializer settings for data embedded in prompts: readable (no \uXXXX escapes for non-ASCII text) and compact.</summary>
internal static class TranscriptJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        // Prompts are not HTML; escaping accents and quotes would only cost tokens and confuse small models.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };
}
