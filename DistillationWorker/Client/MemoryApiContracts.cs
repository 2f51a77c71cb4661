using System.Text.Json;
using System.Text.Json.Serialization;

namespace DistillationWorker.Client;

// MemoryApi's wire shapes, snake_case on the wire. Only the fields the worker reads are declared.

/// <summary>One (user_id, agent_id) pair with turns newer than a checkpoint.</summary>
public sealed record TurnScope(string UserId, string? AgentId, long LastSeq);

/// <summary>GET /turns/scopes.</summary>
public sealed record TurnScopesPage(IReadOnlyList<TurnScope> Results, long? MaxSeq);

/// <summary>A raw conversation turn as MemoryApi recorded it.</summary>
public sealed record RecordedTurn(long Seq, string Role, string Content, DateTimeOffset CreatedAt, string? UserId, string? AgentId, string? RunId)
{
    public bool IsFromUser => string.Equals(Role, "user", StringComparison.OrdinalIgnoreCase);
}

/// <summary>GET /turns.</summary>
public sealed record TurnsPage(IReadOnlyList<RecordedTurn> Results, long? NextAfterSeq);

/// <summary>POST /memories body as the worker sends it: verbatim, never recorded as a turn.</summary>
public sealed record AddPatternBody(
    IReadOnlyList<PatternMessage> Messages,
    string UserId,
    string AgentId,
    bool Infer,
    bool RecordTurns,
    IReadOnlyDictionary<string, JsonElement> Metadata);

public sealed record PatternMessage(string Role, string Content);

public sealed record AddResult(string Id, string Memory, string Event);

public sealed record AddResults(IReadOnlyList<AddResult> Results);

/// <summary>GET /memories page (only the text is used).</summary>
public sealed record MemoryPage(IReadOnlyList<MemoryText> Results, string? NextCursor);

public sealed record MemoryText(string Memory);

internal static class WireJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null, // metadata keys are written as given
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>POST /jobs/{name}/lease body: acquire without a token, renew with one.</summary>
public sealed record LeaseRequest(string Holder, int TtlSeconds, long? Token);

/// <summary>A granted lease generation.</summary>
public sealed record JobLease(string Job, string Holder, long Token, DateTimeOffset AcquiredAt, DateTimeOffset? ExpiresAt);

/// <summary>Who holds a job's lease and until when, as a 409 problem names them.</summary>
public sealed record LeaseHolderInfo(string? Holder, DateTimeOffset? ExpiresAt)
{
    public override string ToString() =>
        $"held by '{Holder ?? "nobody"}' until {ExpiresAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "-"}";
}

/// <summary>The outcome of trying to take a lease: the lease, or who is in the way.</summary>
public sealed record LeaseAcquisition(JobLease? Lease, LeaseHolderInfo? HeldBy);

/// <summary>PUT /jobs/{name}/checkpoint body.</summary>
public sealed record CheckpointRequest(string Holder, long Token, long Watermark);

/// <summary>GET/PUT /jobs/{name}/checkpoint.</summary>
public sealed record JobCheckpoint(string Job, long? Watermark, DateTimeOffset? UpdatedAt);
