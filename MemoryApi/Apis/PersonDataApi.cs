using MemoryApi.Auth;
using MemoryCore.Engine;
using MemoryCore.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemoryApi.Apis;

/// <summary>
/// A person's data, out and gone: everything stored about one user_id (all agent and run scopes) as one JSON document,
/// and its erasure. Both take the app key, like DELETE /memories?user_id=, which already deletes a person's memories;
/// the erasure additionally redacts history and leaves an audit row naming the key.
/// </summary>
public static class PersonDataApi
{
    public static IEndpointRouteBuilder MapPersonDataApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/users")
            .RequireAuthorization(ApiKeyDefaults.MemoryPolicy)
            .WithTags("People")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/{userId}/export", Export).Produces(StatusCodes.Status200OK, contentType: "application/json");
        api.MapDelete("/{userId}", Erase);
        return app;
    }

    /// <summary>An unknown user gets the same 200 with empty lists: no more of an existence oracle than search.</summary>
    public static PersonExportResult Export(string userId, PersonDataService people, TimeProvider clock, HttpContext http) =>
        new(Person(userId, http), people, clock.GetUtcNow());

    public static async Task<Ok<PersonErasureResponse>> Erase(string userId, PersonDataService people, HttpContext http, CancellationToken cancellationToken)
    {
        var erasure = await people.EraseAsync(Person(userId, http), cancellationToken);
        return TypedResults.Ok(PersonErasureResponse.From(erasure));
    }

    /// <summary>The person in the caller's tenant, validated like every user_id (400 on blank, too long, NUL, lone
    /// surrogates) and checked against a restricted key (403) before anything is read.</summary>
    private static MemoryScope Person(string userId, HttpContext http) => CallerAccess.Of(http).Scope(userId, null, null);
}

public sealed record PersonErasureCounts(int Memories, int HistoryRowsRedacted, int Turns, int GraphNodes, int GraphEdges, int Events);

/// <summary>DELETE /users/{userId}.</summary>
public sealed record PersonErasureResponse(string UserId, DateTimeOffset ErasedAt, Guid AuditId, PersonErasureCounts Counts)
{
    public static PersonErasureResponse From(MemoryCore.Storage.PersonErasure e) =>
        new(e.UserId, e.ErasedAt, e.AuditId, new PersonErasureCounts(e.Memories, e.HistoryRowsRedacted, e.Turns, e.GraphNodes, e.GraphEdges, e.Events));
}
