using System.Text.Json;
using MemoryCore.Engine;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace MemoryApi.Apis;

/// <summary>
/// GET /users/{userId}/export, written as it is read: one page of memories, history or turns at a time goes to the
/// response and is flushed, so a person with a long life in the store never sits in memory whole. Items have the shapes
/// of the other routes (memories as GET /memories, history as GET /memories/{id}/history, turns as GET /turns, graph
/// relations as GET /graph/relations, events as GET /events/{id} plus their payload, key id and trace id). Not a snapshot: a write during the export may or may not appear in it.
/// </summary>
public sealed class PersonExportResult(MemoryCore.Model.MemoryScope person, PersonDataService people, DateTimeOffset exportedAt) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var json = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var cancellationToken = httpContext.RequestAborted;
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("user_id", person.UserId);
        writer.WriteString("exported_at", exportedAt);
        await WritePagesAsync(writer, "memories", people.MemoryPagesAsync(person, cancellationToken), m => MemoryItem.From(m), json, cancellationToken);
        await WritePagesAsync(writer, "history", people.HistoryPagesAsync(person, cancellationToken), HistoryItem.From, json, cancellationToken);
        await WritePagesAsync(writer, "turns", people.TurnPagesAsync(person, cancellationToken),
            t => new TurnItem(t.Seq, t.Role, t.Content, t.CreatedAt, t.UserId, t.AgentId, t.RunId, t.AppId), json, cancellationToken);
        var (nodes, relations) = await people.GraphAsync(person, cancellationToken);
        writer.WritePropertyName("graph");
        JsonSerializer.Serialize(writer, new PersonGraph(
            nodes.Select(n => new PersonGraphNode(n.Id, n.Name, n.Type, n.IsSelf, n.CreatedAt, n.Scope.UserId, n.Scope.AgentId, n.Scope.RunId, n.Scope.AppId)).ToList(),
            relations.Select(GraphRelationItem.From).ToList()), json);
        await WritePagesAsync(writer, "events", people.EventPagesAsync(person, cancellationToken), PersonEventItem.From, json, cancellationToken);
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    private static async Task WritePagesAsync<T, TItem>(
        Utf8JsonWriter writer, string name, IAsyncEnumerable<IReadOnlyList<T>> pages, Func<T, TItem> map, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        writer.WriteStartArray(name);
        await foreach (var page in pages.WithCancellation(cancellationToken))
        {
            foreach (var item in page)
            {
                JsonSerializer.Serialize(writer, map(item), json);
            }

            await writer.FlushAsync(cancellationToken);
        }

        writer.WriteEndArray();
    }
}

public sealed record PersonGraphNode(
    Guid Id, string Name, string Type, bool IsSelf, DateTimeOffset CreatedAt, string? UserId, string? AgentId, string? RunId,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? AppId = null);

public sealed record PersonGraph(IReadOnlyList<PersonGraphNode> Nodes, IReadOnlyList<GraphRelationItem> Edges);

/// <summary>A queued add in the export: GET /events/{id}'s fields, plus what was queued (<c>payload</c>, the request's
/// messages and options) and who queued it (key id, never the key; trace id).</summary>
public sealed record PersonEventItem(
    Guid Id,
    string EventType,
    string Status,
    JsonElement Payload,
    IReadOnlyList<AddResultItem>? Results,
    AddRelations? Relations,
    string? Error,
    int Attempts,
    string? ActorKeyId,
    string? TraceId,
    string? UserId,
    string? AgentId,
    string? RunId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? AppId = null)
{
    public static PersonEventItem From(MemoryCore.Events.AddEventRecord e)
    {
        var r = EventResponse.From(e);
        using var payload = JsonDocument.Parse(e.Payload);
        return new(r.Id, r.EventType, r.Status, payload.RootElement.Clone(), r.Results, r.Relations, r.Error, r.Attempts, e.ActorKeyId, e.TraceId,
            r.UserId, r.AgentId, r.RunId, r.CreatedAt, r.UpdatedAt, r.StartedAt, r.CompletedAt, r.AppId);
    }
}
