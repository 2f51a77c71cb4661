using System.Text.Json.Serialization;
using MemoryCore.Extraction.Llm;

namespace MemoryCore.Graph.Extraction.Llm;

/// <summary>The JSON the graph prompts ask for: schemas for strict structured output, and the reply DTOs.</summary>
internal static class GraphReplies
{
    public static readonly JsonReplySchema ExtractionSchema = JsonReplySchema.Parse(
        "graph_relations",
        "Relations stated by each memory.",
        """
        {
          "type": "object",
          "properties": {
            "relations": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "text_index": { "type": "integer" },
                  "source": { "type": "string" },
                  "source_type": { "type": "string" },
                  "relationship": { "type": "string" },
                  "destination": { "type": "string" },
                  "destination_type": { "type": "string" }
                },
                "required": ["text_index", "source", "source_type", "relationship", "destination", "destination_type"],
                "additionalProperties": false
              }
            }
          },
          "required": ["relations"],
          "additionalProperties": false
        }
        """);

    public static readonly JsonReplySchema QuerySchema = JsonReplySchema.Parse(
        "graph_query",
        "Where a graph search for the question starts.",
        """
        {
          "type": "object",
          "properties": {
            "entities": { "type": "array", "items": { "type": "string" } },
            "user_relationships": { "type": "array", "items": { "type": "string" } },
            "about_user": { "type": "boolean" }
          },
          "required": ["entities", "user_relationships", "about_user"],
          "additionalProperties": false
        }
        """);

    public static readonly JsonReplySchema ContradictionSchema = JsonReplySchema.Parse(
        "graph_contradictions",
        "Existing relations that the new ones make false or outdated.",
        """
        {
          "type": "object",
          "properties": { "invalidate": { "type": "array", "items": { "type": "string" } } },
          "required": ["invalidate"],
          "additionalProperties": false
        }
        """);
}

internal sealed class RelationsReply
{
    public required List<RelationItem> Relations { get; init; }

    public static string? Validate(RelationsReply reply) =>
        reply.Relations.Any(r => r is null) ? "relations contains null; every relation must be an object." : null;
}

internal sealed class RelationItem
{
    [JsonPropertyName("text_index")]
    public required int TextIndex { get; init; }

    [JsonPropertyName("source")]
    public required string Source { get; init; }

    [JsonPropertyName("source_type")]
    public string? SourceType { get; init; }

    [JsonPropertyName("relationship")]
    public required string Relationship { get; init; }

    [JsonPropertyName("destination")]
    public required string Destination { get; init; }

    [JsonPropertyName("destination_type")]
    public string? DestinationType { get; init; }
}

internal sealed class QueryReply
{
    [JsonPropertyName("entities")]
    public required List<string?> Entities { get; init; }

    [JsonPropertyName("user_relationships")]
    public required List<string?> UserRelationships { get; init; }

    [JsonPropertyName("about_user")]
    public bool AboutUser { get; init; }
}

internal sealed class ContradictionReply
{
    /// <summary>Elements rather than strings: small models often write the ids as numbers (3, not "3").</summary>
    [JsonPropertyName("invalidate")]
    public required List<System.Text.Json.JsonElement> Invalidate { get; init; }
}
