using MemoryApi.Auth;
using MemoryApi.Limits;
using MemoryCore.Engine;
using MemoryCore.Graph.Engine;
using MemoryCore.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MemoryApi.Apis;

/// <summary>The memory routes, compatible with Mem0's OSS REST server.</summary>
public static class MemoriesApi
{
    public const int DefaultSearchLimit = 10;
    public const int DefaultListLimit = 100;

    public static IEndpointRouteBuilder MapMemoriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(string.Empty)
            .RequireAuthorization(ApiKeyDefaults.MemoryPolicy)
            .WithTags("Memories")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapPost("/memories", AddMemories).AddEndpointFilter<Idempotency.IdempotencyFilter>().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/memories", ListMemories).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/memories/{memoryId}", GetMemory).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/memories/{memoryId}", UpdateMemory).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapDelete("/memories/{memoryId}", DeleteMemory).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/memories/{memoryId}/revert", RevertMemory).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/memories/{memoryId}/history", GetHistory).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/memories", DeleteAllMemories).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPost("/search", SearchMemories).ReadsOnly().ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/reset", Reset).RequireAuthorization(ApiKeyDefaults.AdminPolicy, ApiKeyDefaults.OperatorPolicy).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary>Synchronous by default; <c>?async=true</c> stores the add as an event and answers 202 with its id and
    /// <c>Location: /events/{id}</c> (see <see cref="EventsApi"/>).</summary>
    public static async Task<Results<Ok<AddMemoriesResponse>, Accepted<AsyncAddAccepted>>> AddMemories(
        AddMemoriesBody body,
        [AsParameters] MemoryApiServices services,
        [FromServices] Events.AsyncAdds asyncAdds,
        [FromQuery(Name = "async")] bool? runAsync,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var request = new AddMemoryRequest(
            RequestParsing.Messages(body.Messages),
            RequestParsing.Scope(services.Access, body.UserId, body.AgentId, body.RunId, appId: body.AppId),
            body.Metadata,
            body.Infer ?? true,
            body.RecordTurns ?? true,
            MemoryCore.Categories.ExtractionGuidance.CheckInstructions(body.CustomInstructions),
            CategoryParsing.Set(body.CustomCategories));
        if (runAsync == true)
        {
            var id = await asyncAdds.AcceptAsync(request, http, AsyncAddAccepted.Pending, EventLocation, cancellationToken);
            return TypedResults.Accepted(EventLocation(id), AsyncAddAccepted.Pending(id));
        }

        var (results, relations) = await services.Memory.AddWithRelationsAsync(request, cancellationToken);
        return TypedResults.Ok(GraphResponses.Add(results, relations));
    }

    private static string EventLocation(Guid id) => $"/events/{id}";

    public static async Task<Ok<PageResponse<MemoryItem>>> ListMemories(
        [AsParameters] MemoryApiServices services,
        [FromQuery(Name = "user_id")] string? userId,
        [FromQuery(Name = "agent_id")] string? agentId,
        [FromQuery(Name = "run_id")] string? runId,
        [FromQuery(Name = "app_id")] string? appId,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        [FromQuery] string? filters,
        [FromQuery] string[]? categories,
        CancellationToken cancellationToken)
    {
        var filterJson = RequestParsing.FiltersFromQuery(filters);
        var page = await services.Memory.ListAsync(
            RequestParsing.Scope(services.Access, userId, agentId, runId, filterJson, appId),
            CategoryParsing.And(RequestParsing.Filters(filterJson), CategoryParsing.Filter(categories)),
            limit ?? DefaultListLimit,
            cursor is null ? null : PageCursor.Decode(cursor),
            cancellationToken);
        return TypedResults.Ok(new PageResponse<MemoryItem>(page.Items.Select(m => MemoryItem.From(m)).ToList(), page.Next?.Encode()));
    }

    public static async Task<Ok<MemoryItem>> GetMemory(string memoryId, [AsParameters] MemoryApiServices services, CancellationToken cancellationToken) =>
        TypedResults.Ok(MemoryItem.From(await services.Memory.GetAsync(RequestParsing.MemoryId(memoryId), services.Access, cancellationToken)));

    public static async Task<Ok<MemoryItem>> UpdateMemory(string memoryId, UpdateMemoryBody body, [AsParameters] MemoryApiServices services, CancellationToken cancellationToken)
    {
        var id = RequestParsing.MemoryId(memoryId);
        var updated = await services.Memory.UpdateAsync(new UpdateMemoryRequest(id, body.Text ?? body.Data, body.Metadata), services.Access, cancellationToken);
        return TypedResults.Ok(MemoryItem.From(updated));
    }

    public static async Task<Ok<MessageResponse>> DeleteMemory(string memoryId, [AsParameters] MemoryApiServices services, CancellationToken cancellationToken)
    {
        await services.Memory.DeleteAsync(RequestParsing.MemoryId(memoryId), services.Access, cancellationToken);
        return TypedResults.Ok(new MessageResponse("Memory deleted successfully."));
    }

    public static async Task<Ok<MemoryItem>> RevertMemory(string memoryId, RevertMemoryBody body, [AsParameters] MemoryApiServices services, CancellationToken cancellationToken)
    {
        var id = RequestParsing.MemoryId(memoryId);
        var historyId = body.HistoryId is { } h && Guid.TryParse(h, out var parsed)
            ? parsed
            : throw new MemoryCore.MemoryValidationException(MemoryCore.ValidationFailure.Invalid, "history_id must be the UUID of one of the memory's history rows.");
        return TypedResults.Ok(MemoryItem.From(await services.Memory.RevertAsync(id, historyId, services.Access, cancellationToken)));
    }

    public static async Task<Ok<ResultsResponse<HistoryItem>>> GetHistory(string memoryId, [AsParameters] MemoryApiServices services, CancellationToken cancellationToken)
    {
        var history = await services.Memory.HistoryAsync(RequestParsing.MemoryId(memoryId), services.Access, cancellationToken);
        return TypedResults.Ok(new ResultsResponse<HistoryItem>(history.Select(HistoryItem.From).ToList()));
    }

    public static async Task<Ok<MessageResponse>> DeleteAllMemories(
        [AsParameters] MemoryApiServices services,
        [FromQuery(Name = "user_id")] string? userId,
        [FromQuery(Name = "agent_id")] string? agentId,
        [FromQuery(Name = "run_id")] string? runId,
        [FromQuery(Name = "app_id")] string? appId,
        CancellationToken cancellationToken)
    {
        var scope = RequestParsing.Scope(services.Access, userId, agentId, runId, appId: appId);
        var deleted = await services.Memory.DeleteAllAsync(scope, cancellationToken);
        services.Logger.LogInformation("Deleted {Count} memories of scope {Scope}", deleted, scope);
        return TypedResults.Ok(new MessageResponse($"Deleted {deleted} memories.", deleted));
    }

    public static async Task<Ok<SearchResponse>> SearchMemories(SearchBody body, [AsParameters] MemoryApiServices services, CancellationToken cancellationToken)
    {
        var request = new SearchMemoryRequest(
            body.Query ?? string.Empty,
            RequestParsing.Scope(services.Access, body.UserId, body.AgentId, body.RunId, body.Filters, body.AppId),
            CategoryParsing.And(RequestParsing.Filters(body.Filters), CategoryParsing.Filter(body.Categories)),
            body.Limit ?? DefaultSearchLimit,
            body.Threshold,
            body.Mode is null ? null : MemoryCore.Retrieval.SearchModes.Parse(body.Mode),
            body.Explain ?? false);
        // One engine call: the memories and the relations around the query, from one embedding of it.
        var results = await services.Memory.SearchAsync(request, cancellationToken);
        return TypedResults.Ok(new SearchResponse(
            results.Select(r => MemoryItem.From(r.Memory, r.Score) with { Explain = r.Explain }).ToList(),
            GraphResponses.Relations(results.Relations)));
    }

    public static async Task<Ok<MessageResponse>> Reset([AsParameters] MemoryApiServices services, CancellationToken cancellationToken)
    {
        await services.Memory.ResetAsync(cancellationToken);
        services.Logger.LogWarning("All memories and history were reset by an admin request");
        return TypedResults.Ok(new MessageResponse("All memories and history were reset."));
    }
}
