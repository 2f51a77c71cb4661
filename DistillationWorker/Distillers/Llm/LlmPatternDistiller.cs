using System.Text.Json;
using DistillationWorker.Distillers.Heuristic;
using DistillationWorker.Hosting;
using MemoryCore.Extraction.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace DistillationWorker.Distillers.Llm;

/// <summary>
/// Asks the configured chat model (Llm:*) for patterns in one structured call, reusing MemoryCore's client and its
/// JSON repair round trip. A provider failure or unusable reply throws, so the pass fails for this person, leaves the
/// checkpoint where it was and retries next time. The model sees the known pattern texts and is told to repeat a
/// still-valid one verbatim, because MemoryApi only skips exact duplicates.
/// </summary>
public sealed class LlmPatternDistiller(
    IChatClient chatClient,
    IOptions<LlmOptions> llmOptions,
    IOptions<DistillationOptions> options,
    ILogger<LlmPatternDistiller> logger) : IPatternDistiller
{
    public const string DistillerName = "llm-v1";
    public const int MaxPatterns = 8;
    public const int MaxPatternChars = 300;
    private const int MaxTurnChars = 1000;
    private const int MaxKnownPatterns = 50;

    private static readonly JsonReplySchema PatternsSchema = JsonReplySchema.Parse(
        "distilled_patterns",
        "Slow-moving patterns across a person's conversations.",
        """
        {
          "type": "object",
          "properties": {
            "patterns": { "type": "array", "items": { "type": "string" } }
          },
          "required": ["patterns"],
          "additionalProperties": false
        }
        """);

    private static readonly string Instructions =
        "You read one person's own messages to an assistant, taken from many separate conversations over several weeks. "
        + "List only slow-moving patterns that show up across several conversations: recurring topics, routines, and "
        + "changes in emotional tone. Ignore anything mentioned in a single conversation, one-off events and plain facts. "
        + "Write each pattern as one short, neutral sentence about 'the person', without names, dates or counts. "
        + "Do not diagnose or guess at causes. If one of the known patterns still holds, repeat its text exactly instead "
        + "of rephrasing it. Reply with JSON {\"patterns\": [...]}, at most " + MaxPatterns.ToString(System.Globalization.CultureInfo.InvariantCulture) + " items; an empty list when nothing recurs.";

    public string Name => DistillerName;

    public async Task<IReadOnlyList<DistilledPattern>> DistillAsync(PersonHistory history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        var ownTurns = history.Turns
            .Where(t => t.IsFromUser && string.Equals(t.UserId, history.UserId, StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(t.Content))
            .TakeLast(Math.Max(1, options.Value.LlmMaxTurns))
            .ToList();
        var conversations = Conversation.Group(ownTurns);
        if (conversations.Count < 2)
        {
            return []; // nothing can recur across conversations
        }

        ChatMessage[] messages =
        [
            new(ChatRole.System, Instructions),
            new(ChatRole.User, "Known patterns and conversations (JSON):\n" + Transcript(history.KnownPatterns, conversations)),
        ];
        var chat = new StructuredJsonChat(chatClient, logger);
        var reply = await chat.GetAsync<PatternsReply>(messages, PatternsSchema, validate: null, cancellationToken).ConfigureAwait(false);

        var evidence = new Dictionary<string, object>
        {
            ["model"] = llmOptions.Value.Model?.Trim() ?? string.Empty,
            ["conversations"] = conversations.Count,
            ["turns"] = ownTurns.Count,
        };
        return Clean(reply.Patterns)
            .Select(text => DistilledPattern.Create(PatternKinds.LlmObservation, text, Name, evidence))
            .ToList();
    }

    /// <summary>Trimmed, non-empty, at most <see cref="MaxPatternChars"/> long, no case-insensitive repeats, at most <see cref="MaxPatterns"/>.</summary>
    public static IReadOnlyList<string> Clean(IEnumerable<string?> patterns) =>
        patterns
            .Select(p => p?.Trim())
            .Where(p => !string.IsNullOrEmpty(p) && p.Length <= MaxPatternChars)
            .Select(p => p!)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxPatterns)
            .ToList();

    private static string Transcript(IReadOnlyList<string> knownPatterns, IReadOnlyList<Conversation> conversations) =>
        JsonSerializer.Serialize(new
        {
            known_patterns = knownPatterns.TakeLast(MaxKnownPatterns),
            conversations = conversations.Select((c, i) => new
            {
                conversation = i + 1,
                started = c.StartedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                messages = c.Turns.Select(t => t.Content.Length > MaxTurnChars ? t.Content[..MaxTurnChars] : t.Content),
            }),
        });

    private sealed record PatternsReply(IReadOnlyList<string?> Patterns);
}
