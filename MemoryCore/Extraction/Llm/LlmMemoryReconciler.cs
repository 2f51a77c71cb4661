using System.Text.Json;
using MemoryCore.Model;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemoryCore.Extraction.Llm;

/// <summary>
/// Decides ADD / UPDATE / DELETE / NONE for all new facts in one structured LLM call. Existing memories are shown to
/// the model under small integer ids ("0", "1", ...) rather than GUIDs: models copy short ids reliably, and an id the
/// model invents can be recognised and discarded instead of touching an unrelated memory.
/// </summary>
public sealed class LlmMemoryReconciler : IMemoryReconciler
{
    private static readonly JsonReplySchema DecisionsSchema = JsonReplySchema.Parse(
        "memory_decisions",
        "One memory operation for each new fact.",
        """
        {
          "type": "object",
          "properties": {
            "decisions": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "fact_index": { "type": "integer" },
                  "event": { "type": "string", "enum": ["ADD", "UPDATE", "DELETE", "NONE"] },
                  "memory_id": { "type": ["string", "null"] },
                  "text": { "type": "string" }
                },
                "required": ["fact_index", "event", "memory_id", "text"],
                "additionalProperties": false
              }
            }
          },
          "required": ["decisions"],
          "additionalProperties": false
        }
        """);

    private readonly StructuredJsonChat _chat;
    private readonly ILogger _logger;

    public LlmMemoryReconciler(IChatClient chatClient, ILogger<LlmMemoryReconciler>? logger = null)
    {
        _logger = logger ?? NullLogger<LlmMemoryReconciler>.Instance;
        _chat = new StructuredJsonChat(chatClient, _logger);
    }

    public async Task<IReadOnlyList<MemoryDecision>> DecideAsync(IReadOnlyList<FactCandidates> facts, CancellationToken cancellationToken)
    {
        if (facts.Count == 0)
        {
            return [];
        }

        var aliases = MemoryAliases.For(facts);
        if (aliases.Count == 0)
        {
            // Nothing to compare against: every fact is new, and asking the model would only cost a round trip.
            return facts.Select(f => new MemoryDecision(f.FactIndex, MemoryEvent.Add, null, f.Fact)).ToList();
        }

        ChatMessage[] messages =
        [
            new(ChatRole.System, Prompts.Reconciliation),
            new(ChatRole.User, Input(facts, aliases)),
        ];

        var reply = await _chat.GetAsync<DecisionsReply>(messages, DecisionsSchema, DecisionsReply.Validate, cancellationToken)
            .ConfigureAwait(false);
        return new DecisionMapper(facts, aliases, _logger).Map(reply.Decisions);
    }

    private static string Input(IReadOnlyList<FactCandidates> facts, MemoryAliases aliases)
    {
        var existing = aliases.Memories.Select((m, i) => new { id = MemoryAliases.AliasOf(i), text = m.Memory });
        var newFacts = facts.Select(f => new { fact_index = f.FactIndex, fact = f.Fact });
        return "Existing memories (JSON):\n" + JsonSerializer.Serialize(existing, TranscriptJson.Options)
            + "\n\nNew facts (JSON):\n" + JsonSerializer.Serialize(newFacts, TranscriptJson.Options);
    }
}
