using System.Text.Json;
using MemoryApi.Auth;
using MemoryApi.Events;
using MemoryCore.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MemoryApi.Apis.Mem0;

/// <summary>GET /v1/event/{event_id}/: the Platform's event status route, for adds sent with <c>async_mode: true</c>
/// (<c>?wait=10s</c>, ours, waits for the event to finish); GET /v1/events/: the events the caller may see, newest first,
/// paged like the Platform (<c>page</c>, <c>page_size</c>): its own key's, or its whole tenant's for an admin key.</summary>
public static class Mem0EventsApi
{
    public static IEndpointRouteBuilder MapMem0EventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/events", List)
            .RequireAuthorization(ApiKeyDefaults.MemoryPolicy)
            .WithTags("Mem0 events")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        app.MapGet("/v1/event/{eventId}", Get)
            .RequireAuthorization(ApiKeyDefaults.MemoryPolicy)
            .WithTags("Mem0 events")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static string Location(Guid id) => $"/v1/event/{id}/";

    public static async Task<Ok<Mem0Event>> Get(string eventId, [FromQuery] string? wait, [FromServices] AsyncAdds adds, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok(From(await adds.GetAsync(eventId, wait, http, cancellationToken)));

    public static async Task<Ok<Mem0Page<Mem0Event>>> List(
        [FromQuery] int? page, [FromQuery(Name = "page_size")] int? pageSize, [FromServices] AsyncAdds adds, HttpContext http, CancellationToken cancellationToken)
    {
        var (number, size) = Mem0Wire.PageRequest(page, pageSize);
        var found = await adds.ListAsync(http, Mem0Wire.Offset(number, size), size, cancellationToken);
        return TypedResults.Ok(Mem0Wire.PageOf(found.Events.Select(From).ToList(), found.Total, number, size, http.Request));
    }

    private static Mem0Event From(AddEventRecord e)
    {
        var results = e.Results is { } json
            ? AddEventResults.Deserialize(json).Results.Select(Mem0AddResult.From).ToList()
            : [];
        var latency = e.CompletedAt is { } done ? (done - e.CreatedAt).TotalMilliseconds : (double?)null;
        using var payload = JsonDocument.Parse(e.Payload);
        return new Mem0Event(
            e.Id, AddEventRecord.AddType, AddEventStatuses.Name(e.Status), payload.RootElement.Clone(), null, results, e.Error,
            e.CreatedAt, e.UpdatedAt, e.StartedAt, e.CompletedAt, latency);
    }
}
