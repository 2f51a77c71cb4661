using System.Text.Json;
using MemoryCore.Model;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemoryCore.Extraction.Llm;

/// <summary>Extracts durable facts from a conversation with one structured LLM call.</summary>
public sealed class LlmFactExtractor : IFactExtractor
{
    /// <summary>The reply's schema with categories: each fact an object with its text and its categories.</summary>
    private static readonly JsonReplySchema CategorisedFactsSchema = JsonReplySchema.Parse(
        "extracted_facts",
        "Durable facts worth remembering from the conversation, each with its categories.",
        """
        {
          "type": "object",
          "properties": {
            "facts": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "text": { "type": "string" },
                  "categories": { "type": "array", "items": { "type": "string" } }
                },
                "required": ["text", "categories"],
                "additionalProperties": false
              }
            }
          },
          "required": ["facts"],
          "additionalProperties": false
        }
        """);

    private static readonly JsonReplySchema FactsSchema = JsonReplySchema.Parse(
        "extracted_facts",
        "Durable facts worth remembering from the conversation.",
        """
        {
          "type": "object",
          "properties": {
            "facts": { "type": "array", "items": { "type": "string" } }
          },
          "required": ["facts"],
          "additionalProperties": false
        }
        """);

    private readonly StructuredJsonChat _chat;
    private readonly TimeProvider _time;

    public LlmFactExtractor(IChatClient chatClient, ILogger<LlmFactExtractor>? logger = null, TimeProvider? timeProvider = null)
    {
        _chat = new StructuredJsonChat(chatClient, logger ?? NullLogger<LlmFactExtractor>.Instance);
        _time = timeProvider ?? TimeProvider.System;
    }

    public async Task<IReadOnlyList<string>> ExtractAsync(IReadOnlyList<ChatTurn> turns, bool includeAgentFacts, CancellationToken cancellationToken)
    {
        // System turns are instructions to the assistant, not statements by the user: they never become facts,
        // so they are not even shown to the model.
        var conversation = turns.Where(t => !t.IsSystem && !string.IsNullOrWhiteSpace(t.Content)).ToList();
        if (conversation.Count == 0)
        {
            return [];
        }

        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        ChatMessage[] messages =
        [
            new(ChatRole.System, Prompts.FactExtraction(today, includeAgentFacts)),
            new(ChatRole.User, "Conversation (JSON):\n" + Transcript(conversation)),
        ];

        var reply = await _chat.GetAsync<FactsReply>(messages, FactsSchema, validate: null, cancellationToken).ConfigureAwait(false);
        return Clean(reply.Facts);
    }

    /// <summary>Extraction told the category set (and the operator's instructions, if any): each fact comes back with
    /// its categories. A reply of plain strings (a model ignoring the object form) is accepted: those facts' categories
    /// are then left to the embedding categoriser.</summary>
    public async Task<IReadOnlyList<ExtractedFact>> ExtractAsync(
        IReadOnlyList<ChatTurn> turns, bool includeAgentFacts, Categories.ExtractionGuidance guidance, CancellationToken cancellationToken)
    {
        var conversation = turns.Where(t => !t.IsSystem && !string.IsNullOrWhiteSpace(t.Content)).ToList();
        if (conversation.Count == 0)
        {
            return [];
        }

        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        ChatMessage[] messages =
        [
            new(ChatRole.System, Prompts.FactExtraction(today, includeAgentFacts) + Prompts.Guidance(guidance)),
            new(ChatRole.User, "Conversation (JSON):\n" + Transcript(conversation)),
        ];

        var reply = await _chat.GetAsync<CategorisedFactsReply>(messages, CategorisedFactsSchema, CategorisedFactsReply.Validate, cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<ExtractedFact>();
        foreach (var item in reply.Facts)
        {
            var (text, categories) = item.ValueKind switch
            {
                JsonValueKind.String => (item.GetString()?.Trim(), null),
                JsonValueKind.Object => (item.GetProperty("text").GetString()?.Trim(), Names(item)),
                _ => (null, (List<string>?)null),
            };
            if (!string.IsNullOrEmpty(text) && seen.Add(text))
            {
                result.Add(new ExtractedFact(text, categories));
            }
        }

        return result;
    }

    private static List<string>? Names(JsonElement fact) =>
        fact.TryGetProperty("categories", out var categories) && categories.ValueKind == JsonValueKind.Array
            ? [.. categories.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!.Trim()).Where(c => c.Length > 0)]
            : null;

    internal static IReadOnlyList<string> Clean(IEnumerable<string?> facts)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        foreach (var fact in facts)
        {
            var text = fact?.Trim();
            if (!string.IsNullOrEmpty(text) && seen.Add(text))
            {
                result.Add(text);
            }
        }

        return result;
    }

    private static string Transcript(IEnumerable<ChatTurn> turns) =>
        JsonSerializer.Serialize(turns.Select(t => new TranscriptTurn(t.Role.ToLowerInvariant(), t.Name, t.Content)), TranscriptJson.Options);

    private sealed class FactsReply
    {
        public required List<string?> Facts { get; init; }
    }

    private sealed class CategorisedFactsReply
    {
        public required List<JsonElement> Facts { get; init; }

        /// <summary>Every fact a string, or an object with a string "text" (and optionally "categories").</summary>
        public static string? Validate(CategorisedFactsReply reply) =>
            reply.Facts is null
                ? "\"facts\" must be a list"
                : reply.Facts.All(f => f.ValueKind is JsonValueKind.String or JsonValueKind.Null
                                       || (f.ValueKind == JsonValueKind.Object && f.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String))
                    ? null
                    : "each fact must be an object {\"text\": \"...\", \"categories\": [\"...\"]}";
    }
}
