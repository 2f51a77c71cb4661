using MemoryApi.Auth;
using MemoryCore.Engine;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MemoryApi.Apis;

/// <summary>POST /admin/embeddings/reembed (admin key): recompute every stored vector with the configured embedder,
/// e.g. after moving a store from the hashing embedder to the local model. Progress goes to the log; the response
/// counts what was re-embedded.</summary>
public static class EmbeddingsAdminApi
{
    public static IEndpointRouteBuilder MapEmbeddingsAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/admin/embeddings/reembed", Reembed).RequireAuthorization(ApiKeyDefaults.AdminPolicy, ApiKeyDefaults.OperatorPolicy).WithTags("Admin")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<Ok<ReembedResponse>> Reembed([FromServices] StoreReembedder reembedder, CancellationToken cancellationToken)
    {
        var result = await reembedder.RunAsync(cancellationToken);
        return TypedResults.Ok(new ReembedResponse(result.Model, result.Dimensions, result.Memories, result.GraphNodes));
    }
}

/// <summary>The embedder now recorded in the store and the number of vectors recomputed.</summary>
public sealed record ReembedResponse(string Model, int Dimensions, int Memories, int GraphNodes);
