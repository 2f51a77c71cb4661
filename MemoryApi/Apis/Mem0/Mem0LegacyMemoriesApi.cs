using MemoryApi.Auth;
using MemoryApi.Limits;
using MemoryCore;
using MemoryCore.Engine;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MemoryApi.Apis.Mem0;

/// <summary>
/// The memory routes of the Platform's v1/v2 API that mem0ai 2.x calls (the client LangChain's <c>Mem0Memory</c>,
/// <c>@mem0/community</c> and <c>@mastra/mem0</c> install; LangChain's peer range forbids 3.x). Each route runs the same
/// translation and engine call as its v3 twin (<see cref="Mem0Adding"/>, <see cref="Mem0Search"/>, <see cref="Mem0Listing"/>)
/// and differs only in the answer's shape: a bare array by default (2.x types these as <c>Array&lt;Memory&gt;</c> and its
/// callers <c>.map</c> over them), <c>{results, ...}</c> for <c>output_format: "v1.1"</c>, and the Platform's page object when
/// <c>page</c>/<c>page_size</c> are given to a list.
/// </summary>
public static class Mem0LegacyMemoriesApi
{
    public static IEndpointRouteBuilder MapMem0LegacyMemoriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(string.Empty)
            .RequireAuthorization(ApiKeyDefaults.MemoryPolicy)
            .WithTags("Mem0 memories (v1/v2)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/v1/memories", Add).AddEndpointFilter<Idempotency.IdempotencyFilter>().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        // A literal segment outranks "/v1/memories/{memoryId}" in routing, so "search" is never read as a memory id.
        api.MapPost("/v1/memories/search", Search).ReadsOnly().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/v2/memories/search", Search).ReadsOnly().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/v1/memories", ListFromQuery).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapPost("/v2/memories", List).ReadsOnly().ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<Mem0AddResult>>, Ok<Mem0AddResultsV11<Mem0AddResult>>, Accepted<IReadOnlyList<Mem0AddQueued>>, Accepted<Mem0AddResultsV11<Mem0AddQueued>>>> Add(
        Mem0AddBody body, [AsParameters] MemoryApiServices services, [FromServices] Events.AsyncAdds asyncAdds, HttpContext http, CancellationToken cancellationToken)
    {
        var format = Mem0OutputFormats.Parse(body.OutputFormat);
        var outcome = await Mem0Adding.RunAsync(body, services, asyncAdds, http, cancellationToken);
        if (outcome.Queued is { } queued)
        {
            var location = Mem0EventsApi.Location(queued.EventId);
            return format == Mem0OutputFormat.V1_1
                ? TypedResults.Accepted(location, new Mem0AddResultsV11<Mem0AddQueued>([queued], null))
                : TypedResults.Accepted(location, (IReadOnlyList<Mem0AddQueued>)[queued]);
        }

        return format == Mem0OutputFormat.V1_1
            ? TypedResults.Ok(new Mem0AddResultsV11<Mem0AddResult>(outcome.Results!, outcome.Relations))
            : TypedResults.Ok(outcome.Results!);
    }

    public static async Task<Results<Ok<IReadOnlyList<Mem0Memory>>, Ok<Mem0Results<Mem0Memory>>>> Search(
        Mem0SearchBody body, [AsParameters] MemoryApiServices services, CancellationToken cancellationToken)
    {
        var format = Mem0OutputFormats.Parse(body.OutputFormat);
        var found = await Mem0Search.RunAsync(body, services, cancellationToken);
        return format == Mem0OutputFormat.V1_1 ? TypedResults.Ok(new Mem0Results<Mem0Memory>(found)) : TypedResults.Ok(found);
    }

    /// <summary>POST /v2/memories/: v2 <c>filters</c> in the body, paging in the query string.</summary>
    public static async Task<Results<Ok<IReadOnlyList<Mem0Memory>>, Ok<Mem0Results<Mem0Memory>>, Ok<Mem0Page<Mem0Memory>>>> List(
        Mem0ListBody body,
        [AsParameters] MemoryApiServices services,
        [FromServices] IOptions<MemoryOptions> options,
        HttpRequest http,
        [FromQuery] int? page,
        [FromQuery(Name = "page_size")] int? pageSize,
        CancellationToken cancellationToken) =>
        Shape(await Mem0Listing.RunAsync(body, services, options.Value.MaxListLimit, cancellationToken), body.OutputFormat, page, pageSize, http);

    /// <summary>GET /v1/memories/?user_id=…: 2.x's v1 list, every option in the query string (<c>filters</c> and
    /// <c>metadata</c> as JSON). Query keys that carry no meaning here (org_id, project_id, org_name, project_name, and
    /// whatever else a caller spreads in) are not read.</summary>
    public static async Task<Results<Ok<IReadOnlyList<Mem0Memory>>, Ok<Mem0Results<Mem0Memory>>, Ok<Mem0Page<Mem0Memory>>>> ListFromQuery(
        [AsParameters] Mem0ListQuery query,
        [AsParameters] MemoryApiServices services,
        [FromServices] IOptions<MemoryOptions> options,
        HttpRequest http,
        CancellationToken cancellationToken)
    {
        var body = query.ToBody();
        return Shape(await Mem0Listing.RunAsync(body, services, options.Value.MaxListLimit, cancellationToken), body.OutputFormat, query.Page, query.PageSize, http);
    }

    private static Results<Ok<IReadOnlyList<Mem0Memory>>, Ok<Mem0Results<Mem0Memory>>, Ok<Mem0Page<Mem0Memory>>> Shape(
        IReadOnlyList<Mem0Memory> all, string? outputFormat, int? page, int? pageSize, HttpRequest http)
    {
        // The Platform pages only when asked; unpaged, the whole (bounded) match is the answer.
        if (page is not null || pageSize is not null)
        {
            return TypedResults.Ok(Mem0Wire.Page(all, page, pageSize, http));
        }

        return Mem0OutputFormats.Parse(outputFormat) == Mem0OutputFormat.V1_1
            ? TypedResults.Ok(new Mem0Results<Mem0Memory>(all))
            : TypedResults.Ok(all);
    }
}
