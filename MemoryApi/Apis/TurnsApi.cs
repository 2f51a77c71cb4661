using MemoryApi.Auth;
using MemoryCore;
using MemoryCore.Model;
using MemoryCore.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MemoryApi.Apis;

/// <summary>
/// Raw conversation turns for the distillation worker. Turns are recorded by POST /memories (unless
/// record_turns is false), kept for Turns:RetentionDays and erased with their scope.
/// </summary>
public static class TurnsApi
{
    public const int MaxTurnsPerPage = 5_000;

    public static IEndpointRouteBuilder MapTurnsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/turns").RequireAuthorization(ApiKeyDefaults.MemoryPolicy).WithTags("Turns").ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/scopes", ListTurnScopes);
        api.MapGet(string.Empty, ListTurns).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>The caller's tenant's (user, agent) pairs with new turns; a restricted key sees only its people.</summary>
    public static async Task<Ok<TurnScopesResponse>> ListTurnScopes(
        IConversationTurnStore turns,
        HttpContext http,
        TimeProvider clock,
        [FromQuery(Name = "after_seq")] long? afterSeq,
        [FromQuery] DateTimeOffset? before,
        CancellationToken cancellationToken)
    {
        var access = CallerAccess.Of(http);
        var all = await turns.ListTurnScopesAsync(access.Tenant, afterSeq ?? 0, before ?? clock.GetUtcNow(), cancellationToken);
        var scopes = all.Where(s => access.AllowsUser(s.UserId)).ToList();
        return TypedResults.Ok(new TurnScopesResponse(
            scopes.Select(s => new TurnScopeItem(s.UserId, s.AgentId, s.LastSeq)).ToList(),
            scopes.Count == 0 ? null : scopes.Max(s => s.LastSeq)));
    }

    public static async Task<Ok<TurnsPageResponse>> ListTurns(
        IConversationTurnStore turns,
        HttpContext http,
        [FromQuery(Name = "user_id")] string? userId,
        [FromQuery(Name = "agent_id")] string? agentId,
        [FromQuery(Name = "run_id")] string? runId,
        [FromQuery(Name = "app_id")] string? appId,
        [FromQuery] DateTimeOffset? since,
        [FromQuery(Name = "after_seq")] long? afterSeq,
        [FromQuery] int? limit,
        CancellationToken cancellationToken)
    {
        var pageSize = limit ?? 1_000;
        if (pageSize is < 1 or > MaxTurnsPerPage)
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, $"limit must be between 1 and {MaxTurnsPerPage}.");
        }

        var scope = CallerAccess.Of(http).Scope(userId, agentId, runId, appId);
        var page = await turns.ListTurnsAsync(scope, since ?? DateTimeOffset.UnixEpoch, afterSeq ?? 0, pageSize, cancellationToken);
        return TypedResults.Ok(new TurnsPageResponse(
            page.Select(t => new TurnItem(t.Seq, t.Role, t.Content, t.CreatedAt, t.UserId, t.AgentId, t.RunId, t.AppId)).ToList(),
            page.Count == pageSize ? page[^1].Seq : null));
    }
}

public sealed record TurnScopeItem(string UserId, string? AgentId, long LastSeq);

public sealed record TurnScopesResponse(IReadOnlyList<TurnScopeItem> Results, long? MaxSeq);

public sealed record TurnItem(
    long Seq, string Role, string Content, DateTimeOffset CreatedAt, string? UserId, string? AgentId, string? RunId,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? AppId = null);

public sealed record TurnsPageResponse(IReadOnlyList<TurnItem> Results, long? NextAfterSeq);
