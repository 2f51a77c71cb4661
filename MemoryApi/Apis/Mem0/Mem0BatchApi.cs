using MemoryApi.Auth;
using MemoryCore;
using MemoryCore.Engine;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MemoryApi.Apis.Mem0;

/// <summary>PUT and DELETE /v1/batch/: several memories by id in one request (the Platform allows up to 1000).</summary>
public static class Mem0BatchApi
{
    public const int MaxBatch = 1_000;

    public static IEndpointRouteBuilder MapMem0BatchApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/batch")
            .RequireAuthorization(ApiKeyDefaults.MemoryPolicy)
            .WithTags("Mem0 batch")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut(string.Empty, BatchUpdate);
        api.MapDelete(string.Empty, BatchDelete);
        return app;
    }

    public static async Task<Ok<Mem0Message>> BatchUpdate([FromBody] Mem0BatchBody body, [AsParameters] MemoryApiServices services, CancellationToken cancellationToken)
    {
        var items = Items(body);
        var updates = items.Select((item, i) => new UpdateMemoryRequest(
            RequestParsing.MemoryId(item.MemoryId ?? string.Empty),
            item.Text ?? throw Invalid($"memories[{i}].text is required."),
            null)).ToList();
        await CheckAllExistAsync(services, updates.Select(u => u.Id), cancellationToken);
        foreach (var update in updates)
        {
            await services.Memory.UpdateAsync(update, services.Access, cancellationToken);
        }

        return TypedResults.Ok(new Mem0Message($"Successfully updated {updates.Count} memories"));
    }

    public static async Task<Ok<Mem0Message>> BatchDelete([FromBody] Mem0BatchBody body, [AsParameters] MemoryApiServices services, CancellationToken cancellationToken)
    {
        var ids = Items(body).Select(item => RequestParsing.MemoryId(item.MemoryId ?? string.Empty)).Distinct().ToList();
        await CheckAllExistAsync(services, ids, cancellationToken);
        foreach (var id in ids)
        {
            await services.Memory.DeleteAsync(id, services.Access, cancellationToken);
        }

        return TypedResults.Ok(new Mem0Message($"Successfully deleted {ids.Count} memories"));
    }

    private static List<Mem0BatchItem> Items(Mem0BatchBody body) => body.Memories switch
    {
        null or { Count: 0 } => throw Invalid("memories must list at least one {memory_id}."),
        { Count: > MaxBatch } => throw Invalid($"memories may list at most {MaxBatch} items."),
        var list => list,
    };

    // Every id is checked before any change, so an unknown id fails the batch instead of applying half of it.
    // Not one transaction: a memory deleted concurrently between the check and the change still fails that item.
    private static async Task CheckAllExistAsync(MemoryApiServices services, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        foreach (var id in ids)
        {
            await services.Memory.GetAsync(id, services.Access, cancellationToken);
        }
    }

    private static MemoryValidationException Invalid(string message) => new(ValidationFailure.Invalid, message);
}
