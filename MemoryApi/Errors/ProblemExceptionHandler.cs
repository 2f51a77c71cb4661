using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using MemoryCore;
using Microsoft.AspNetCore.Diagnostics;

namespace MemoryApi.Errors;

/// <summary>
/// Maps every failure to RFC 7807 problem details with the right status. Bad input is never a 500,
/// and an unexpected error reveals nothing but a trace id.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = Classify(exception);
        if (status >= 500)
        {
            logger.LogError(exception, "Request failed with {Status}: {Title}", status, title);
        }
        else
        {
            logger.LogInformation("Request rejected with {Status}: {Detail}", status, detail);
        }

        if (exception is ProviderUnavailableException provider)
        {
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(provider.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        else if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    internal static (int Status, string Title, string Detail) Classify(Exception exception) => exception switch
    {
        MemoryValidationException { Failure: ValidationFailure.TooLarge } v => (StatusCodes.Status413PayloadTooLarge, "Request too large", v.Message),
        MemoryValidationException { Failure: ValidationFailure.MissingScope } v => (StatusCodes.Status422UnprocessableEntity, "Scope required", v.Message),
        MemoryValidationException v => (StatusCodes.Status400BadRequest, "Invalid request", v.Message),
        MemoryNotFoundException nf => (StatusCodes.Status404NotFound, "Memory not found", nf.Message),
        MemoryConflictException c => (StatusCodes.Status409Conflict, "Concurrent change", c.Message),
        MemoryAccessDeniedException d => (StatusCodes.Status403Forbidden, "Forbidden", d.Message),
        Idempotency.IdempotencyException i => (i.Status, i.Title, i.Message),
        Events.EventNotFoundException e => (StatusCodes.Status404NotFound, "Event not found", e.Message),
        Apis.Mem0.ProjectNotFoundException p => (StatusCodes.Status404NotFound, "Project not found", p.Message),
        ProviderUnavailableException p => (StatusCodes.Status503ServiceUnavailable, $"The {p.Provider} is unavailable", p.Message),
        BadHttpRequestException bad => (bad.StatusCode, Title(bad.StatusCode), Describe(bad)),
        DbException { SqlState: [ '2', '2', .. ] } => (StatusCodes.Status400BadRequest, "Invalid request", RefusedData),
        DbException { SqlState: [ '5', '4', .. ] } => (StatusCodes.Status413PayloadTooLarge, "Request too large", TooLargeData),
        DbException => (StatusCodes.Status503ServiceUnavailable, "The memory store is unavailable", "The memory store did not answer. Nothing was changed; retry later."),
        TimeoutException => (StatusCodes.Status503ServiceUnavailable, "Timed out", "A dependency did not answer in time. Retry later."),
        _ => (StatusCodes.Status500InternalServerError, "Unexpected error", "An unexpected error occurred. Nothing further is disclosed; quote the trace id when reporting it."),
    };

    // SQLSTATE class 22 (data exception: a value the store cannot represent, such as NUL in PostgreSQL text) and class 54
    // (program limit exceeded: a value too large to index) are the request's fault, and retrying cannot help; reporting
    // them as "unavailable" would present bad input as an outage. Validation should catch these first; this is the net.
    private const string RefusedData = "The memory store refused a value in the request as invalid data. Nothing was changed.";

    private const string TooLargeData = "A value in the request is too large for the memory store. Nothing was changed.";

    private static string Title(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Request too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        _ => "Invalid request",
    };

    private static string Describe(BadHttpRequestException bad) => bad.InnerException switch
    {
        JsonException json => $"The JSON body is malformed or has a wrong type{(json.Path is { } path ? $" at {path}" : string.Empty)}.",
        _ when bad.StatusCode == StatusCodes.Status413PayloadTooLarge => "The request body is larger than the configured limit.",
        _ => bad.Message,
    };
}
