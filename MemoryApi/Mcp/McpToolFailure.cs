using MemoryApi.Errors;
using ModelContextProtocol;

namespace MemoryApi.Mcp;

/// <summary>
/// Turns a failure of the engine or of the request into an MCP tool error (<c>isError: true</c>) whose text is the very
/// problem the HTTP route would answer (same classification, <see cref="ProblemExceptionHandler.Classify"/>): a memory
/// outside the key's reach reads "not found" like an unknown id, a person outside a restricted key's reach is
/// "forbidden", and an unexpected failure says nothing but its trace id. The SDK passes an <see cref="McpException"/>'s
/// message to the client and hides every other exception's.
/// </summary>
public static class McpToolFailure
{
    public static async Task<T> Guard<T>(HttpContext http, ILogger logger, string tool, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or McpException))
        {
            var (status, title, detail) = ProblemExceptionHandler.Classify(exception);
            if (status >= 500)
            {
                logger.LogError(exception, "MCP tool {Tool} failed with {Status}: {Title}", tool, status, title);
            }
            else
            {
                logger.LogInformation("MCP tool {Tool} refused with {Status}: {Detail}", tool, status, detail);
            }

            var trace = Auth.Actor.TraceId() ?? http.TraceIdentifier;
            throw new McpException($"{title} ({status}): {detail} [trace_id {trace}]", exception);
        }
    }
}
