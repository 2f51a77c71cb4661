using DistillationWorker.Pass;

namespace DistillationWorker.Hosting;

/// <summary>The on-demand trigger. /health and /alive come from ServiceDefaults' MapDefaultEndpoints.</summary>
public static class DistillationApi
{
    public const string RunPath = "/distill/run";

    public static IEndpointRouteBuilder MapDistillationApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(RunPath, RunAsync)
            .AddEndpointFilter<TriggerKeyFilter>()
            .WithName("RunDistillationPass")
            .Produces<PassResult>(StatusCodes.Status200OK)
            .Produces<PassResult>(StatusCodes.Status409Conflict)
            .Produces<PassResult>(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    /// <summary>Runs one pass now and answers with its counts: 200 completed, 409 busy (another pass, here or in another
    /// worker, holds the lease), 502 failed (MemoryApi, the LLM or a legacy state file failed, or the lease was lost;
    /// the watermark did not move).</summary>
    public static async Task<IResult> RunAsync(DistillationPass pass, IHostApplicationLifetime lifetime)
    {
        // The host's stopping token, not the request's: a caller that gives up waiting does not abort a pass half-way.
        var result = await pass.RunAsync(PassTrigger.OnDemand, lifetime.ApplicationStopping);
        var status = result.Status switch
        {
            PassStatus.Completed => StatusCodes.Status200OK,
            PassStatus.Busy => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status502BadGateway,
        };
        return TypedResults.Json(result, statusCode: status);
    }
}
