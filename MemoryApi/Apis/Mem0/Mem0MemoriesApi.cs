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
    public const int DefaultTopK = 10;

    /// <summary>Listing loads every match to count and page it; beyond this, the native cursor route is the way.</summary>
    public const int MaxListed = 10_000;

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
        Mem0Wire.Unsupported("structured_data_schema", body.StructuredDataSchema is { ValueKind: not System.Text.Json.JsonValueKind.Null }, "memories are free text.");
        Mem0Wire.Unsupported("timestamp", body.Timestamp is { ValueKind: not System.Text.Json.JsonValueKind.Null }, "a memory is dated when it is stored.");
        Mem0Wire.Unsupported("expiration_date", body.ExpirationDate is not null, "memories do not expire.");
        var request = new AddMemoryRequest(
            RequestParsing.Messages(body.Messages),
            RequestParsing.Scope(services.Access, body.UserId, body.AgentId, Mem0Wire.RunId(body.RunId, body.SessionId), appId: body.AppId),
            body.Metadata,
            body.Infer ?? true,
            CustomInstructions: MemoryCore.Categories.ExtractionGuidance.CheckInstructions(body.CustomInstructions),
            CustomCategories: CategoryParsing.Set(body.CustomCategories));
        if (body.AsyncMode == true)
        {
            var id = await asyncAdds.AcceptAsync(request, http, Mem0AddQueued.Pending, Mem0EventsApi.Location, cancellationToken);
            return TypedResults.Accepted(Mem0EventsApi.Location(id), Mem0AddQueued.Pending(id));
        }

        // Synchronous unless asked: the caller gets the outcome now, with nothing to poll.
        var results = await services.Memory.AddAsync(request, cancellationToken);
        return TypedResults.Ok(new Mem0AddResponse(
            "Memory processing completed.",
            "SUCCEEDED",
            results.Select(r => new Mem0AddResult(r.Id, r.Memory, new Mem0MemoryText(r.Memory), r.Event, r.PreviousMemory)).ToList()));
    }

    public static async Task<Ok<Mem0Results<Mem0Memory>>> Search(Mem0SearchBody body, [AsParameters] MemoryApiServices services, CancellationToken cancellationToken)
    {
        var queries = Mem0Filters.WithCategories(
            Mem0Filters.Parse(services.Access, body.Filters, body.UserId, body.AgentId, Mem0Wire.RunId(body.RunId, body.SessionId), body.Metadata, body.AppId),
            CategoryParsing.Filter(body.Categories));
        var topK = body.TopK ?? body.Limit ?? DefaultTopK;
        IReadOnlyList<ScoredMemory> results;
        if (queries.Count == 1)
        {
            // One query: the engine's ranking as is. The Platform's search response has no relations, so none are read.
            results = await services.Memory.SearchAsync(new SearchMemoryRequest(body.Query ?? string.Empty, queries[0].Scope, queries[0].Filter, topK, body.Threshold, WithRelations: false), cancellationToken);
        }
        else
        {
            // Several (an OR over owners): each query's best, merged by score; a memory two branches found counts once.
            var merged = new Dictionary<Guid, ScoredMemory>();
            foreach (var query in queries)
            {
                var request = new SearchMemoryRequest(body.Query ?? string.Empty, query.Scope, query.Filter, topK, body.Threshold, WithRelations: false);
                foreach (var result in await services.Memory.SearchAsync(request, cancellationToken))
                {
                    if (!merged.TryGetValue(result.Memory.Id, out var seen) || seen.Score < result.Score)
                    {
                        merged[result.Memory.Id] = result;
                    }
                }
            }

            results = merged.Values.OrderByDescending(r => r.Score).ThenBy(r => r.Memory.Id).ToList();
        }

        return TypedResults.Ok(new Mem0Results<Mem0Memory>(results.Take(topK).Select(r => Mem0Memory.From(r.Memory, r.Score)).ToList()));
    }

    public static async Task<Ok<Mem0Page<Mem0Memory>>> List(
        Mem0ListBody body,
        [AsParameters] MemoryApiServices services,
        [FromServices] IOptions<MemoryOptions> options,
        HttpRequest http,
        [FromQuery] int? page,
        [FromQuery(Name = "page_size")] int? pageSize,
        CancellationToken cancellationToken)
    {
        Mem0Wire.Unsupported("start_date", body.StartDate is not null, "filtering by date is not available.");
        Mem0Wire.Unsupported("end_date", body.EndDate is not null, "filtering by date is not available.");
        var queries = Mem0Filters.WithCategories(
            Mem0Filters.Parse(services.Access, body.Filters, body.UserId, body.AgentId, Mem0Wire.RunId(body.RunId, body.SessionId), appId: body.AppId),
            CategoryParsing.Filter(body.Categories));
        var all = new Dictionary<Guid, MemoryRecord>();
        var batch = options.Value.MaxListLimit;
        foreach (var query in queries)
        {
            PageCursor? cursor = null;
            do
            {
                var chunk = await services.Memory.ListAsync(query.Scope, query.Filter, batch, cursor, cancellationToken);
                foreach (var memory in chunk.Items)
                {
                    all.TryAdd(memory.Id, memory);
                }

                if (all.Count > MaxListed)
                {
                    throw new MemoryValidationException(
                        ValidationFailure.TooLarge,
                        $"More than {MaxListed} memories match; narrow the filters or page with the native GET /memories (cursor paging).");
                }

                cursor = chunk.Next;
            }
            while (cursor is not null);
        }

        // Newest first, as the Platform lists.
        var ordered = all.Values.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Select(m => Mem0Memory.From(m)).ToList();
        return TypedResults.Ok(Mem0Wire.Page(ordered, page, pageSize, http));
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
