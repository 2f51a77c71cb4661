using System.Text.Json;
using System.Text.Json.Serialization;
using MemoryCore.Model;

namespace MemoryApi.Apis;

// Wire contracts, snake_case on the wire (see JsonConfiguration). Compatible with Mem0's OSS REST server.

/// <summary>POST /memories. <c>messages</c> is a list of {role, content} or a plain string (one user message).
/// <c>custom_instructions</c> and <c>custom_categories</c> (<c>[{"name": "description"}]</c>) override the tenant's
/// settings for this add, as in Mem0.</summary>
public sealed record AddMemoriesBody(
    JsonElement? Messages,
    string? UserId,
    string? AgentId,
    string? RunId,
    Dictionary<string, JsonElement>? Metadata,
    bool? Infer,
    bool? RecordTurns = null,
    string? AppId = null,
    string? CustomInstructions = null,
    JsonElement? CustomCategories = null);

/// <summary>POST /memories/{id}/revert: the history row whose text the memory goes back to.</summary>
public sealed record RevertMemoryBody(string? HistoryId);

/// <summary>POST /search.</summary>
public sealed record SearchBody(
    string? Query,
    string? UserId,
    string? AgentId,
    string? RunId,
    JsonElement? Filters,
    int? Limit,
    double? Threshold,
    string? Mode = null,
    bool? Explain = null,
    string? AppId = null,
    JsonElement? Categories = null);

/// <summary>PUT /memories/{id}. <c>data</c> is accepted as an alias of <c>text</c> (Mem0's parameter name).</summary>
public sealed record UpdateMemoryBody(string? Text, string? Data, Dictionary<string, JsonElement>? Metadata);

public sealed record ResultsResponse<T>(IReadOnlyList<T> Results);

public sealed record PageResponse<T>(IReadOnlyList<T> Results, string? NextCursor);

public sealed record MessageResponse(string Message, int? Deleted = null);

public sealed record MemoryItem(
    Guid Id,
    string Memory,
    string Hash,
    IReadOnlyDictionary<string, JsonElement> Metadata,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Score,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? UserId,
    string? AgentId,
    string? RunId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AppId = null)
{
    public static MemoryItem From(MemoryRecord r, double? score = null) =>
        new(r.Id, r.Memory, r.Hash, r.Metadata, score, r.CreatedAt, r.UpdatedAt, r.UserId, r.AgentId, r.RunId, r.AppId) { Categories = r.Categories };

    /// <summary>The memory's categories, best first (possibly none).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Search with explain: per signal that ran, its own score and the result's rank (null when it missed).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, MemoryCore.Retrieval.SignalScore>? Explain { get; init; }
}

public sealed record AddResultItem(
    Guid Id,
    string Memory,
    MemoryEvent Event,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PreviousMemory);

/// <summary>A history row. <c>actor_key_id</c>/<c>trace_id</c>: which API key (its id) and which request made the change.</summary>
public sealed record HistoryItem(
    Guid Id, Guid MemoryId, string? OldMemory, string? NewMemory, MemoryEvent Event, DateTimeOffset CreatedAt, string? ActorKeyId, string? TraceId)
{
    public static HistoryItem From(HistoryEntry h) => new(h.Id, h.MemoryId, h.OldMemory, h.NewMemory, h.Event, h.CreatedAt, h.ActorKeyId, h.TraceId);
}
