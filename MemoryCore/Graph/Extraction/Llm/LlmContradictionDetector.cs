using System.Globalization;
using System.Text.Json;
using MemoryCore.Extraction.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemoryCore.Graph.Extraction.Llm;

/// <summary>
/// Asks the LLM which existing relations the new ones contradict. Existing relations are shown under small integer
/// ids (as the memory reconciler does): an id the model invents is recognised and ignored, never applied elsewhere.
/// </summary>
public sealed class LlmContradictionDetector : IContradictionDetector
{
    private readonly StructuredJsonChat _chat;
    private readonly ILogger _logger;

    public LlmContradictionDetector(IChatClient chatClient, ILogger<LlmContradictionDetector>? logger = null)
    {
        _logger = logger ?? NullLogger<LlmContradictionDetector>.Instance;
        _chat = new StructuredJsonChat(chatClient, _logger);
    }

    public async Task<IReadOnlyList<int>> FindContradictedAsync(IReadOnlyList<RelationFact> added, IReadOnlyList<RelationFact> existing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(existing);
        if (added.Count == 0 || existing.Count == 0)
        {
            return []; // nothing to compare: no round trip
        }

        var input = new
        {
            existing = existing.Select((r, i) => new { id = Alias(i), source = r.Source, relationship = r.Relationship, destination = r.Destination }),
            added = added.Select(r => new { source = r.Source, relationship = r.Relationship, destination = r.Destination }),
        };
        ChatMessage[] messages =
        [
            new(ChatRole.System, GraphPrompts.Contradictions),
            new(ChatRole.User, "Relations (JSON):\n" + JsonSerializer.Serialize(input, TranscriptJson.Options)),
        ];
        var reply = await _chat.GetAsync<ContradictionReply>(messages, GraphReplies.ContradictionSchema, validate: null, cancellationToken).ConfigureAwait(false);

        var result = new SortedSet<int>();
        foreach (var element in reply.Invalidate)
        {
            var alias = element.ValueKind switch
            {
                JsonValueKind.String => element.GetString(),
                JsonValueKind.Number => element.GetRawText(),
                _ => null,
            };
            if (int.TryParse(alias?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < existing.Count)
            {
                result.Add(index);
            }
            else
            {
                _logger.LogWarning("LLM asked to invalidate relation {Alias}, which was not offered; ignored", alias);
            }
        }

        return [.. result];
    }

    private static string Alias(int index) => index.ToString(CultureInfo.InvariantCulture);
}
