using System.Globalization;
using MemoryApi.Auth;
using MemoryCore;
using MemoryCore.Engine;
using MemoryCore.Graph.Engine;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MemoryApi.Apis;

/// <summary>Graph memory routes: a scope's relations (current, as of a time, or the whole history) and the admin rebuild
/// of the Neo4j projection. The relations in add and search responses come from <see cref="GraphResponses"/>.</summary>
public static class GraphApi
{
    public static IEndpointRouteBuilder MapGraphApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/graph/relations", GetRelations).RequireAuthorization(ApiKeyDefaults.MemoryPolicy).WithTags("Graph")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapPost("/admin/graph/rebuild", Rebuild).RequireAuthorization(ApiKeyDefaults.AdminPolicy, ApiKeyDefaults.OperatorPolicy).WithTags("Graph")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>GET /graph/relations?user_id&amp;agent_id&amp;run_id&amp;app_id&amp;as_of&amp;history: relations valid at as_of (default now),
    /// or with history=true every relation ever recorded, oldest first.</summary>
    public static async Task<Ok<ResultsResponse<GraphRelationItem>>> GetRelations(
        [FromServices] GraphMemory graph,
        HttpContext http,
        [FromQuery(Name = "user_id")] string? userId,
        [FromQuery(Name = "agent_id")] string? agentId,
        [FromQuery(Name = "run_id")] string? runId,
        [FromQuery(Name = "app_id")] string? appId,
        [FromQuery(Name = "as_of")] string? asOf,
        [FromQuery] bool? history,
        CancellationToken cancellationToken)
    {
        var scope = RequestParsing.Scope(Auth.CallerAccess.Of(http), userId, agentId, runId, appId: appId);
        DateTimeOffset? at = null;
        if (!string.IsNullOrWhiteSpace(asOf))
        {
            at = DateTimeOffset.TryParse(asOf, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed.ToUniversalTime()
                : throw new MemoryValidationException(ValidationFailure.Invalid, "as_of must be an ISO 8601 date-time.");
        }

        var relations = await graph.RelationsAsync(scope, at, history ?? false, cancellationToken);
        return TypedResults.Ok(new ResultsResponse<GraphRelationItem>(relations.Select(GraphRelationItem.From).ToList()));
    }

    public static async Task<Results<Ok<GraphRebuildResponse>, ProblemHttpResult>> Rebuild([FromServices] GraphMemory graph, CancellationToken cancellationToken)
    {
        if (!graph.Projection.Configured)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict, title: "No graph projection",
                detail: "GRAPH_STORE_PROVIDER is not neo4j: the relational graph is the only copy and needs no rebuild.");
        }

        try
        {
            var result = await graph.Projection.RebuildAsync(cancellationToken);
            return TypedResults.Ok(new GraphRebuildResponse("The graph projection was rebuilt from the relational graph.", result.Scopes, result.Nodes, result.Relations));
        }
        catch (MemoryCore.Graph.Neo4j.Neo4jException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Neo4j is unavailable", detail: ex.Message);
        }
    }
}

/// <summary>The graph parts of the add and search responses.</summary>
public static class GraphResponses
{
    public static AddMemoriesResponse Add(IEnumerable<MemoryEventResult> results, GraphChangeSummary? relations) =>
        new(results.Select(r => new AddResultItem(r.Id, r.Memory, r.Event, r.PreviousMemory)).ToList(), AddRelations.From(relations));

    /// <summary>The relations of a search response: null when graph memory is off.</summary>
    public static IReadOnlyList<RelationItem>? Relations(IReadOnlyList<MemoryCore.Graph.NeighbourhoodRelation>? found) =>
        found?.Select(f => RelationItem.From(f.Relation.Triple)).ToList();
}
