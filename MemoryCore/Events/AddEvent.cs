using MemoryCore.Model;

namespace MemoryCore.Events;

/// <summary>Where an accepted asynchronous add is. PENDING and RUNNING end in SUCCEEDED or FAILED, never in silence.</summary>
public enum AddEventStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// <summary>The wire and column spelling of <see cref="AddEventStatus"/> (Mem0's: PENDING, RUNNING, SUCCEEDED, FAILED).</summary>
public static class AddEventStatuses
{
    public static string Name(AddEventStatus status) => status.ToString().ToUpperInvariant();

    public static AddEventStatus Parse(string name) => Enum.Parse<AddEventStatus>(name, ignoreCase: true);

    public static bool IsTerminal(AddEventStatus status) => status is AddEventStatus.Succeeded or AddEventStatus.Failed;
}

/// <summary>An add accepted for later. <paramref name="Payload"/> is <see cref="AddEventPayload"/>'s JSON;
/// <paramref name="ActorKeyId"/> names the API key that sent it (never the key itself), <paramref name="TraceId"/> the
/// request's W3C trace id.</summary>
public sealed record NewAddEvent(Guid Id, MemoryScope Scope, string Payload, string? ActorKeyId, string? TraceId);

/// <summary>An event as stored. <see cref="Results"/> is <see cref="AddEventResults"/>' JSON once SUCCEEDED; <see cref="Error"/>
/// the reason of the last failure (kept while a retry waits, final once FAILED).</summary>
public sealed record AddEventRecord(
    Guid Id,
    AddEventStatus Status,
    MemoryScope Scope,
    string Payload,
    string? Results,
    string? Error,
    int Attempts,
    string? ActorKeyId,
    string? TraceId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt)
{
    public const string AddType = "ADD";

    public bool IsTerminal => AddEventStatuses.IsTerminal(Status);
}

/// <summary>A worker's claim on an event: <see cref="Token"/> fences it (a later claim of the same event gets a higher
/// one and this one stops working); <see cref="Attempts"/> counts this attempt.</summary>
public sealed record ClaimedAddEvent(Guid Id, long Token, int Attempts, string Payload, string? ActorKeyId, string? TraceId);

/// <summary>Marks a claimed event SUCCEEDED with its results, in the same transaction as the add's memory changes
/// (the store refuses the whole commit with <see cref="AddEventClaimLostException"/> when the claim is no longer current).</summary>
public sealed record CompleteAddEvent(Guid EventId, long ClaimToken, string Results, DateTimeOffset At) : MemoryChange(Guid.Empty);

/// <summary>The event was claimed again by another worker (this one's lease expired) or finished meanwhile; nothing was written.</summary>
public sealed class AddEventClaimLostException(Guid eventId)
    : Exception($"Event '{eventId}' is no longer claimed by this worker; its changes were rolled back.")
{
    public Guid EventId { get; } = eventId;
}
