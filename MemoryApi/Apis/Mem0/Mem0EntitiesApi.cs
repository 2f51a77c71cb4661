using MemoryApi.Auth;
using MemoryCore;
using MemoryCore.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MemoryApi.Apis.Mem0;

/// <summary>The Platform's ping (the client calls it once on creation) and its entities: every user, agent, run and app id
/// owning memories in the caller's tenant (only the allowed users, for a restricted key).</summary>
public static class Mem0EntitiesApi
{
    public static IEndpointRouteBuilder MapMem0EntitiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(string.Empty)
            .RequireAuthorization(ApiKeyDefaults.MemoryPolicy)
            .WithTags("Mem0 entities")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/v1/ping", Ping);
        api.MapGet("/v1/entities", ListEntities);
        // v1 is the deprecated deleteUser's route, v2 deleteUsers'; both delete the same way.
        api.MapDelete("/v1/entities/{type}/{name}", DeleteEntity);
        api.MapDelete("/v2/entities/{type}/{name}", DeleteEntity);
        return app;
    }

    /// <summary>The tenant's organisation and project ids (<see cref="Mem0ProjectApi.Ids"/>): the client needs them for its
    /// project methods (custom instructions and categories).</summary>
    public static Ok<Mem0Ping> Ping(HttpContext http)
    {
        var (orgId, projectId) = Mem0ProjectApi.Ids(CallerAccess.Of(http).Tenant);
        return TypedResults.Ok(new Mem0Ping("ok", "API key is valid.", orgId, projectId, null));
    }

    public static async Task<Ok<Mem0Page<Mem0Entity>>> ListEntities(
        [AsParameters] MemoryApiServices services,
        HttpRequest http,
        [FromQuery] int? page,
        [FromQuery(Name = "page_size")] int? pageSize,
        CancellationToken cancellationToken)
    {
        var entities = await services.Memory.ListEntitiesAsync(services.Access, cancellationToken);
        return TypedResults.Ok(Mem0Wire.Page(entities.Select(Mem0Entity.From).ToList(), page, pageSize, http));
    }

    /// <summary>Deletes every memory of the id (a user's run-scoped memories too, as the Platform does). An app's are every
    /// memory of that app whoever owns it, so a key restricted to some people is refused it (403) like an agent's.</summary>
    public static async Task<Ok<Mem0Message>> DeleteEntity(string type, string name, [AsParameters] MemoryApiServices services, CancellationToken cancellationToken)
    {
        var scope = type switch
        {
            "user" => services.Access.Scope(name, null, null),
            "agent" => services.Access.Scope(null, name, null),
            "run" or "session" => services.Access.Scope(null, null, name),
            "app" => services.Access.Scope(null, null, null, name),
            _ => throw new MemoryValidationException(ValidationFailure.Invalid, $"Unknown entity type '{type}'. Use user, agent, run or app."),
        };
        var deleted = await services.Memory.DeleteAllAsync(scope, cancellationToken);
        services.Logger.LogInformation("Deleted {Count} memories of entity {Scope} (Mem0 route)", deleted, scope);
        return TypedResults.Ok(new Mem0Message("Entity deleted successfully."));
    }
}
