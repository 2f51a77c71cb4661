using System.Text.Json;
using MemoryCore.Extraction.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemoryCore.Graph.Extraction.Llm;

/// <summary>
/// Entity and relation extraction with one structured LLM call for all memories of a write, and one per search
/// query. A reply that stays unusable after the repair round trip fails the write (503), like fact extraction.
/// </summary>
public sealed class LlmGraphExtractor : IGraphExtractor
{
    private readonly StructuredJsonChat _chat;
    private readonly ILogger _logger;

    public LlmGraphExtractor(IChatClient chatClient, ILogger<LlmGraphExtractor>? logger = null)
    {
        _logger = logger ?? NullLogger<LlmGraphExtractor>.Instance;
        _chat = new StructuredJsonChat(chatClient, _logger);
    }

    public async Task<IReadOnlyList<ExtractedGraph>> ExtractAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return [];
        }

        var input = texts.Select((text, index) => new { index, memory = text });
        ChatMessage[] messages =
        [
            new(ChatRole.System, GraphPrompts.Extraction),
            new(ChatRole.User, "Memories (JSON):\n" + JsonSerializer.Serialize(input, TranscriptJson.Options)),
        ];
        var reply = await _chat.GetAsync<RelationsReply>(messages, GraphReplies.ExtractionSchema, RelationsReply.Validate, cancellationToken).ConfigureAwait(false);

        var builders = texts.Select(_ => (Entities: new List<ExtractedEntity>(), Relations: new List<ExtractedRelation>())).ToList();
        foreach (var item in reply.Relations)
        {
            if (item.TextIndex < 0 || item.TextIndex >= texts.Count)
            {
                _logger.LogWarning("LLM returned a relation for memory {Index}, which was not given; ignored", item.TextIndex);
                continue;
            }

            var (entities, relations) = builders[item.TextIndex];
            entities.Add(new ExtractedEntity(item.Source.Trim(), Type(item.SourceType)));
            entities.Add(new ExtractedEntity(item.Destination.Trim(), Type(item.DestinationType)));
            relations.Add(new ExtractedRelation(item.Source.Trim(), item.Relationship, item.Destination.Trim()));
        }

        return builders.ConvertAll(b => new ExtractedGraph(b.Entities, b.Relations));
    }

    public async Task<GraphQuery> ExtractQueryAsync(string query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ChatMessage[] messages =
        [
            new(ChatRole.System, GraphPrompts.Query),
            new(ChatRole.User, "Question (JSON):\n" + JsonSerializer.Serialize(new { question = query }, TranscriptJson.Options)),
        ];
        var reply = await _chat.GetAsync<QueryReply>(messages, GraphReplies.QuerySchema, validate: null, cancellationToken).ConfigureAwait(false);
        var names = reply.Entities.Where(e => !string.IsNullOrWhiteSpace(e) && !GraphSelf.IsSelf(e!)).Select(e => e!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var roles = reply.UserRelationships.Select(r => RelationshipName.Normalize(r ?? string.Empty)).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return new GraphQuery(names, roles, reply.AboutUser && roles.Count == 0);
    }

    private static string Type(string? type) => string.IsNullOrWhiteSpace(type) ? "entity" : type.Trim().ToLowerInvariant();
}
