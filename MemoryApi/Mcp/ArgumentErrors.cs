using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace MemoryApi.Mcp;

/// <summary>
/// Arguments the SDK cannot bind (a string where a number belongs, an object where a list does) fail before our code
/// runs, and the SDK would answer only "An error occurred invoking 'tool'.". Every failure inside our tools is already a
/// specific <see cref="McpException"/> (<see cref="McpToolFailure"/>), so any other exception reaching this call-tool
/// filter comes from reading the arguments: say so, in words a model can act on. Nothing was changed in either case.
/// </summary>
public static class ArgumentErrors
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Filter(McpRequestHandler<CallToolRequestParams, CallToolResult> next) => async (context, cancellationToken) =>
    {
        try
        {
            return await next(context, cancellationToken);
        }
        catch (Exception exception) when (exception is not (McpException or OperationCanceledException))
        {
            var tool = context.Params?.Name;
            context.Services?.GetService<ILoggerFactory>()?.CreateLogger(typeof(ArgumentErrors)).LogInformation(exception, "MCP tool {Tool} refused: its arguments could not be read", tool);
            return new CallToolResult
            {
                IsError = true,
                Content = [new TextContentBlock
                {
                    Text = $"Invalid request (400): the arguments of '{tool}' could not be read; check each one's type against the tool's input schema (e.g. limit is a number, metadata an object, messages a list of {{role, content}}). Nothing was changed.",
                }],
            };
        }
    };
}
