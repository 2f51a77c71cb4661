using System.Text.Json;

namespace MemoryCore.Extraction.Llm;

/// <summary>
/// The JSON schema a structured reply must follow, sent as the response format. Schemas are written by hand in the
/// subset OpenAI's strict structured outputs accept (every property required, no additional properties), which
/// local servers such as Ollama and vLLM also understand.
/// </summary>
public sealed record JsonReplySchema(string Name, string Description, JsonElement Schema)
{
    public static JsonReplySchema Parse(string name, string description, string schemaJson)
    {
        using var document = JsonDocument.Parse(schemaJson);
        return new JsonReplySchema(name, description, document.RootElement.Clone());
    }
}
