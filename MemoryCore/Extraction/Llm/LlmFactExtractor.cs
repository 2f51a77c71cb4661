using System.Text.Json;
using MemoryCore.Model;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemoryCore.Extraction.Llm;

/// <summary>Extracts durable facts from a conversation with one structured LLM call.</summary>
public sealed class LlmFactExtractor : IFactExtractor
{
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
}
