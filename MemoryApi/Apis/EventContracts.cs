using System.Text.Json.Serialization;
using MemoryCore.Events;

namespace MemoryApi.Apis;

/// <summary>POST /memories?async=true answers 202 with this and <c>Location: /events/{event_id}</c>.</summary>
public sealed record AsyncAddAccepted(Guid EventId, string Status, string Message)
{
    public static AsyncAddAccepted Pending(Guid id) => new(id, "PENDING", "The add is stored and queued; GET /events/{event_id} (with ?wait=10s to wait) says when it is applied.");
}

/// <summary>GET /events/{id}: where a queued add is. Once SUCCEEDED, <c>results</c> (and <c>relations</c> with graph memory)
/// are what the synchronous add would have answered; once FAILED, <c>error</c> says why.</summary>
public sealed record EventResponse(
    Guid Id,
    string EventType,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AddResultItem>? Results,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AddRelations? Relations,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error,
    int Attempts,
    string? UserId,
    string? AgentId,
    string? RunId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AppId = null)
{
    public static EventResponse From(AddEventRecord e)
    {
        AddMemoriesResponse? outcome = null;
        if (e.Results is { } json)
        {
            var (results, relations) = AddEventResults.Deserialize(json);
            outcome = GraphResponses.Add(results, relations);
        }

        return new(
            e.Id, AddEventRecord.AddType, AddEventStatuses.Name(e.Status), outcome?.Results, outcome?.Relations, e.Error, e.Attempts,
            e.Scope.UserId, e.Scope.AgentId, e.Scope.RunId, e.CreatedAt, e.UpdatedAt, e.StartedAt, e.CompletedAt, e.Scope.AppId);
    }
}
