namespace MemoryApi.Errors;

/// <summary>Writes an RFC 7807 problem from middleware (auth, the open-door rule, rate limits), through the same
/// IProblemDetailsService as every other error, so all carry the instance and the trace id.</summary>
public static class ProblemResponses
{
    public static async Task WriteProblemAsync(this HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
