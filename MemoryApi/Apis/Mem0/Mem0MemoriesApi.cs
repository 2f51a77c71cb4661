using MemoryApi.Auth;
using MemoryApi.Limits;
using MemoryCore;
using MemoryCore.Engine;
using MemoryCore.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MemoryApi.Apis.Mem0;

/// <summary>
/// The memory routes of the Mem0 Platform API (v3 add/search/list, v1 one-memory routes), so the official clients
/// work by changing only the host. Same engine, same keys and same problem details as the native routes.
/// </summary>
public static class Mem0MemoriesApi
{
    public static IEndpointRouteBuilder MapMem0MemoriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(string.Empty)
            .RequireAuthorization(ApiKeyDefaults.MemoryPolicy)
            .WithTags("Mem0 memories")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        // Routing treats a trailing slash as optional, so "/v3/memories/add/" (the clients' spelling) matches too.
        api.MapPost("/v3/memories/add", Add).AddEndpointFilter<Idempotency.IdempotencyFilter>().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/v3/memories/search", Search).ReadsOnly().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/v3/memories", List).ReadsOnly().ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/v1/memories/{memoryId}", Get).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/v1/memories/{memoryId}", Update).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/v1/memories/{memoryId}", Delete).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/v1/memories/{memoryId}/history", History).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/v1/memories", DeleteAll);
        return app;
    }

    /// <summary>Synchronous unless <c>async_mode: true</c>: then, as the Platform does, the add is queued and the answer is
    /// <c>{message, status: "PENDING", event_id}</c>; <c>GET /v1/event/{event_id}/</c> reports it.</summary>
    public static async Task<Results<Ok<Mem0AddResponse>, Accepted<Mem0AddQueued>>> Add(
        Mem0AddBody body, [AsParameters] MemoryApiServices services, [FromServices] Events.AsyncAdds asyncAdds, HttpContext http, CancellationToken cancellationToken)
    {
        var outcome = await Mem0Adding.RunAsync(body, services, asyncAdds, http, cancellationToken);
        return outcome.Queued is { } queued
            ? TypedResults.Accepted(Mem0EventsApi.Location(queued.EventId), queued)
            : TypedResults.Ok(new Mem0AddResponse("Memory processing completed.", "SUCCEEDED", outcome.Results!));
    }

    public static async Task<Ok<Mem0Results<Mem0Memory>>> Search(Mem0SearchBody body, [AsParameters] MemoryApiServices services, CancellationToken cancellationToken) =>
        TypedResults.Ok(new Mem0Results<Mem0Memory>(await Mem0Search.RunAsync(body, services, cancellationToken)));

    public static async Task<Ok<Mem0Page<Mem0Memory>>> List(
        Mem0ListBody body,
        [AsParameters] MemoryApiServices services,
        [FromServices] IOptions<MemoryOptions> options,
        HttpRequest http,
        [FromQuery] int? page,
        [FromQuery(Name = "page_size")] int? pageSize,
        CancellationToken cancellationToken)
    {
        var all = await Mem0Listing.RunAsync(body, services, options.Value.MaxListLimit, cancellationToken);
        return TypedResults.Ok(Mem0Wire.Page(all, page, pageSize, http));
    }

    public static async Task<Ok<Mem0Memory>> Get(string memoryId, [AsParameters] MemoryApiServices services, CancellationToken cancellationToken) =>
        TypedResults.Ok(Mem0Memory.From(await services.Memory.GetAsync(RequestParsing.MemoryId(memoryId), services.Access, cancellationToken)));

    public static async Task<Ok<Mem0Memory>> Update(string memoryId, Mem0UpdateBody body, [AsParameters] MemoryApiServices services, CancellationToken cancellationToken)
    {
        Mem0Wire.Unsupported("timestamp", body.Timestamp is { ValueKind: not System.Text.Json.JsonValueKind.Null }, "a memory is dated when it is stored.");
        Mem0Wire.Unsupported("expiration_date", body.ExpirationDate is not null, "memories do not expire.");
        var updated = await services.Memory.UpdateAsync(new UpdateMemoryRequest(RequestParsing.MemoryId(memoryId), body.Text, body.Metadata), services.Access, cancellationToken);
        return TypedResults.Ok(Mem0Memory.From(updated));
    }

    /// <summary>delete_linked (also delete the memories this one superseded) is accepted: updates here rewrite a memory
    /// in place, so there is no superseded chain to delete.</summary>
    public static async Task<Ok<Mem0Message>> Delete(string memoryId, [AsParameters] MemoryApiServices services, CancellationToken cancellationToken)
    {
        await services.Memory.DeleteAsync(RequestParsing.MemoryId(memoryId), services.Access, cancellationToken);
        return TypedResults.Ok(new Mem0Message("Memory deleted successfully!"));
    }

    public static async Task<Ok<List<Mem0HistoryItem>>> History(string memoryId, [AsParameters] MemoryApiServices services, CancellationToken cancellationToken)
    {
        var id = RequestParsing.MemoryId(memoryId);
        var history = await services.Memory.HistoryAsync(id, services.Access, cancellationToken);
        return TypedResults.Ok(history.Select(h => new Mem0HistoryItem(h.Id, h.MemoryId, [], h.OldMemory, h.NewMemory, h.Scope?.UserId, [], h.Event, h.CreatedAt, h.CreatedAt, h.ActorKeyId, h.TraceId)).ToList());
    }

    public static async Task<Ok<Mem0Message>> DeleteAll(
        [AsParameters] MemoryApiServices services,
        [FromQuery(Name = "user_id")] string? userId,
        [FromQuery(Name = "agent_id")] string? agentId,
        [FromQuery(Name = "run_id")] string? runId,
        [FromQuery(Name = "session_id")] string? sessionId,
        [FromQuery(Name = "app_id")] string? appId,
        CancellationToken cancellationToken)
    {
        var scope = RequestParsing.Scope(services.Access, userId, agentId, Mem0Wire.RunId(runId, sessionId), appId: appId);
        var deleted = await services.Memory.DeleteAllAsync(scope, cancellationToken);
        services.Logger.LogInformation("Deleted {Count} memories of scope {Scope} (Mem0 route)", deleted, scope);
        return TypedResults.Ok(new Mem0Message("Memories deleted successfully!"));
    }
}
