using System.Text.Json;
using System.Text.Json.Serialization;
using MemoryCore.Model;

namespace MemoryApi.Apis.Mem0;

// Wire contracts of the Mem0 Platform API (api.mem0.ai), as the official clients (npm mem0ai 3.3.1) send and read
// them; snake_case on the wire like every route here. Unknown request fields are ignored by System.Text.Json, so
// the options that change results and that we cannot honour are declared and rejected by name instead.

/// <summary>POST /v3/memories/add/ and POST /v1/memories/ (mem0ai 2.x). <c>version</c> and <c>output_format</c> are 2.x's:
/// the first names the Platform's extraction flavour, the second the answer's shape (see <see cref="Mem0OutputFormat"/>).</summary>
public sealed record Mem0AddBody(
    JsonElement? Messages,
    string? UserId,
    string? AgentId,
    string? RunId,
    string? SessionId,
    string? AppId,
    Dictionary<string, JsonElement>? Metadata,
    bool? Infer,
    JsonElement? CustomCategories,
    string? CustomInstructions,
    JsonElement? StructuredDataSchema,
    JsonElement? Timestamp,
    string? ExpirationDate,
    bool? AsyncMode = null,
    string? Version = null,
    string? OutputFormat = null,
    JsonElement? Includes = null,
    JsonElement? Excludes = null,
    bool? Immutable = null,
    bool? FilterMemories = null,
    JsonElement? Categories = null);

/// <summary>POST /v3/memories/search/, and 2.x's POST /v1/memories/search/ and /v2/memories/search/.</summary>
public sealed record Mem0SearchBody(
    string? Query,
    JsonElement? Filters,
    string? UserId,
    string? AgentId,
    string? RunId,
    string? SessionId,
    int? TopK,
    int? Limit,
    double? Threshold,
    JsonElement? Categories,
    JsonElement? Metadata = null,
    string? AppId = null,
    string? OutputFormat = null,
    bool? KeywordSearch = null,
    bool? OnlyMetadataBasedSearch = null);

/// <summary>POST /v3/memories/ (list, paginated by ?page=&amp;page_size=), and 2.x's POST /v2/memories/ and GET /v1/memories/
/// (whose query string is read into this same body).</summary>
public sealed record Mem0ListBody(
    JsonElement? Filters,
    string? UserId,
    string? AgentId,
    string? RunId,
    string? SessionId,
    string? StartDate,
    string? EndDate,
    JsonElement? Categories,
    string? AppId = null,
    string? OutputFormat = null);

/// <summary>PUT /v1/memories/{id}/.</summary>
public sealed record Mem0UpdateBody(string? Text, Dictionary<string, JsonElement>? Metadata, JsonElement? Timestamp, string? ExpirationDate);

/// <summary>PUT and DELETE /v1/batch/: <c>text</c> only for updates.</summary>
public sealed record Mem0BatchBody(List<Mem0BatchItem>? Memories);

public sealed record Mem0BatchItem(string? MemoryId, string? Text);

/// <summary>A memory as the Platform returns it (expiration is not kept here: null).</summary>
public sealed record Mem0Memory(
    Guid Id,
    string Memory,
    string Hash,
    IReadOnlyDictionary<string, JsonElement> Metadata,
    IReadOnlyList<string> Categories,
    string? UserId,
    string? AgentId,
    string? AppId,
    string? RunId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Score,
    string? ExpirationDate,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static Mem0Memory From(MemoryRecord r, double? score = null) =>
        new(r.Id, r.Memory, r.Hash, r.Metadata, r.Categories, r.UserId, r.AgentId, r.AppId, r.RunId, score, null, r.CreatedAt, r.UpdatedAt);
}

public sealed record Mem0MemoryText(string Memory);

/// <summary>One applied change of an add; <c>data.memory</c> is the older Platform spelling of <c>memory</c>.</summary>
public sealed record Mem0AddResult(
    Guid Id,
    string Memory,
    Mem0MemoryText Data,
    MemoryEvent Event,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PreviousMemory)
{
    public static Mem0AddResult From(MemoryCore.Engine.MemoryEventResult r) => new(r.Id, r.Memory, new Mem0MemoryText(r.Memory), r.Event, r.PreviousMemory);
}

/// <summary>The add answer: the Platform queues adds (status PENDING, an event id to poll); here the add is already
/// done, so the status is SUCCEEDED and the results are inline, as the Platform's event route would report them.</summary>
public sealed record Mem0AddResponse(string Message, string Status, IReadOnlyList<Mem0AddResult> Results);

/// <summary>The answer to an add with <c>async_mode: true</c>, as the Platform words it.</summary>
public sealed record Mem0AddQueued(string Message, string Status, Guid EventId)
{
    public static Mem0AddQueued Pending(Guid id) => new("Memory processing has been queued for background execution", "PENDING", id);
}

/// <summary>GET /v1/event/{event_id}/, the Platform's event shape. <c>results</c> are the add's results once SUCCEEDED
/// (as the synchronous add lists them); <c>error</c> (not in the Platform's schema) says why it FAILED.</summary>
public sealed record Mem0Event(
    Guid Id,
    string EventType,
    string Status,
    JsonElement Payload,
    IReadOnlyDictionary<string, JsonElement>? Metadata,
    IReadOnlyList<Mem0AddResult> Results,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    double? Latency);

public sealed record Mem0Page<T>(int Count, string? Next, string? Previous, IReadOnlyList<T> Results);

public sealed record Mem0Results<T>(IReadOnlyList<T> Results);

public sealed record Mem0Message(string Message);

/// <summary>GET /v1/ping/. The client requires status "ok"; it reads org_id and project_id for its project routes
/// (<see cref="Mem0ProjectApi"/>): the caller's tenant's.</summary>
public sealed record Mem0Ping(string Status, string Message, string? OrgId, string? ProjectId, string? UserEmail);

/// <summary>A tenant's settings as Mem0's project: <c>custom_categories</c> is the set in force (Mem0's defaults when the
/// tenant set none, with <c>custom_categories_default</c> true). <c>?fields=</c> leaves out the other settings.</summary>
public sealed record Mem0Project(
    string Id,
    string OrgId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomInstructions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? CustomCategories,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? CustomCategoriesDefault,
    DateTimeOffset? UpdatedAt)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }

    public static Mem0Project From(MemoryCore.Categories.TenantSettings settings, IReadOnlyCollection<string>? fields)
    {
        var (orgId, projectId) = Mem0ProjectApi.Ids(settings.Tenant);
        bool Wanted(string field) => fields is null || fields.Count == 0 || fields.Contains(field);
        var categories = settings.CustomCategories ?? MemoryCore.Categories.DefaultCategories.Set;
        return new Mem0Project(
            projectId,
            orgId,
            Wanted("custom_instructions") ? settings.CustomInstructions : null,
            Wanted("custom_categories") ? categories.ToWire() : null,
            Wanted("custom_categories") ? settings.CustomCategories is null : null,
            settings.UpdatedAt);
    }
}

public sealed record Mem0HistoryItem(
    Guid Id,
    Guid MemoryId,
    IReadOnlyList<object> Input,
    string? OldMemory,
    string? NewMemory,
    string? UserId,
    IReadOnlyList<string> Categories,
    MemoryEvent Event,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ActorKeyId = null,
    string? TraceId = null);

public sealed record Mem0Entity(
    string Id,
    string Name,
    string Type,
    int TotalMemories,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Owner,
    string? Organization,
    IReadOnlyDictionary<string, JsonElement> Metadata)
{
    public static Mem0Entity From(EntitySummary e) =>
        new($"{e.Type}:{e.Name}", e.Name, e.Type, e.TotalMemories, e.CreatedAt, e.UpdatedAt, null, null, new Dictionary<string, JsonElement>());
}
