using MemoryApi.Auth;
using MemoryApi.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MemoryApi.Apis;

/// <summary>GET /events/{id}: the state of a queued add (POST /memories?async=true), optionally waiting for it.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/events/{eventId}", GetEvent)
            .RequireAuthorization(ApiKeyDefaults.MemoryPolicy)
            .WithTags("Events")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary><c>?wait=10s</c> holds the answer until the event is SUCCEEDED or FAILED, or the wait is over (at most 30 s);
    /// the status says which.</summary>
    public static async Task<Ok<EventResponse>> GetEvent(string eventId, [FromQuery] string? wait, [FromServices] AsyncAdds adds, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok(EventResponse.From(await adds.GetAsync(eventId, wait, http, cancellationToken)));
}
