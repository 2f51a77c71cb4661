using System.Text.Json;
using System.Text.Json.Serialization;
using MemoryCore.Engine;
using MemoryCore.Model;

namespace MemoryCore.Events;

/// <summary>An accepted add as the queue keeps it: the request after validation, so a worker replays exactly what was
/// accepted (and validation failures are answered at once, never queued).</summary>
public static class AddEventPayload
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(AddMemoryRequest request) => JsonSerializer.Serialize(
        new Payload(
            request.Messages.Select(m => new Turn(m.Role, m.Content, m.Name)).ToList(),
            request.Scope.UserId,
            request.Scope.AgentId,
            request.Scope.RunId,
            request.Metadata,
            request.Infer,
            request.RecordTurns,
            request.Scope.Tenant,
            request.Scope.AppId,
            request.CustomInstructions,
            request.CustomCategories?.ToWire()),
        Options);

    public static AddMemoryRequest Deserialize(string json)
    {
        var payload = JsonSerializer.Deserialize<Payload>(json, Options) ?? throw new InvalidOperationException("An event's payload is empty.");
        return new AddMemoryRequest(
            payload.Messages.ConvertAll(m => new ChatTurn(m.Role, m.Content, m.Name)),
            // A payload queued before tenants existed names none: it was the default tenant's.
            MemoryScope.Create(payload.UserId, payload.AgentId, payload.RunId, payload.Tenant, payload.AppId),
            payload.Metadata,
            payload.Infer,
            payload.RecordTurns,
            payload.CustomInstructions,
            payload.CustomCategories is { } categories ? Categories.CategorySet.Parse(categories, "custom_categories") : null);
    }

    private sealed record Turn(string Role, string Content, string? Name);

    private sealed record Payload(
        List<Turn> Messages,
        string? UserId,
        string? AgentId,
        string? RunId,
        IReadOnlyDictionary<string, JsonElement>? Metadata,
        bool Infer,
        bool RecordTurns,
        string? Tenant = null,
        string? AppId = null,
        string? CustomInstructions = null,
        JsonElement? CustomCategories = null);
}
