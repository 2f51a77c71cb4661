using System.Globalization;
using MemoryApi.Auth;
using MemoryApi.Extensions;
using MemoryCore;
using MemoryCore.Import;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MemoryApi.Apis;

/// <summary>
/// POST /admin/import (admin key): moving in. The body is streamed, never held whole: JSON Lines
/// (<c>application/x-ndjson</c>, <c>application/jsonl</c>) or one JSON array (<c>application/json</c>) of memories in our
/// shape or Mem0's (<c>memory</c>, <c>user_id</c>, <c>agent_id</c>, <c>run_id</c>, <c>metadata</c>, <c>created_at</c>…).
/// Bad lines are reported by number and skipped (<c>on_error=stop</c> stops at the first); the answer counts what was
/// imported, skipped as a duplicate and rejected. Re-posting the same file adds nothing, so after a crash or a dropped
/// connection the remedy is to post it again. Query: <c>format=jsonl|json</c> (else from the Content-Type),
/// <c>on_error=skip|stop</c>, <c>batch_size</c> (1–50000), <c>defer_index=true</c> (drop the HNSW index during the
/// load and build it at the end: for a large load into an empty store).
/// </summary>
public static class ImportAdminApi
{
    public const string Path = "/admin/import";

    public static IEndpointRouteBuilder MapImportAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, Import).RequireAuthorization(ApiKeyDefaults.AdminPolicy).WithTags("Admin")
            .WithMetadata(new LargeRequestBody())
            .Accepts<string>("application/x-ndjson", "application/jsonl", "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    public static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> Import(
        HttpRequest request,
        [FromQuery] string? format,
        [FromQuery(Name = "on_error")] string? onError,
        [FromQuery(Name = "batch_size")] string? batchSize,
        [FromQuery(Name = "defer_index")] string? deferIndex,
        [FromServices] MemoryImporter importer,
        CancellationToken cancellationToken)
    {
        if (deferIndex == "true" && !Actor.IsOperator(request.HttpContext))
        {
            // Dropping the HNSW index slows every tenant's searches until the import ends: a store-wide act.
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "defer_index drops the vector index of the whole store: it needs the operator's key (the configured admin key, MEMORY_ADMIN_KEY).");
        }

        var options = new ImportOptions
        {
            StopOnError = Choice(onError, "on_error", "skip", "stop") == "stop",
            BatchSize = batchSize is null ? new ImportOptions().BatchSize : Integer(batchSize, "batch_size", 1, 50_000),
            DeferVectorIndex = Choice(deferIndex, "defer_index", "false", "true") == "true",
            Tenant = CallerAccess.Of(request.HttpContext).Tenant, // an import writes into the caller's tenant, never one the file names
        };
        var importFormat = Format(format, request.ContentType);
        var report = await importer.ImportAsync(request.Body, importFormat, options, progress: null, cancellationToken);
        if (importFormat == ImportFormat.JsonArray && report is { Lines: 1, Imported: 0, Stopped: true, Rejected: 1 } && report.Rejections[0].Reason.StartsWith("the JSON array", StringComparison.Ordinal))
        {
            // Not an array at all: the request is malformed, not one of its items.
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                detail: "With format json the body must be one JSON array of memory objects: " + report.Rejections[0].Reason);
        }

        return TypedResults.Ok(new ImportResponse(
            report.Lines, report.Imported, report.Duplicates, report.Rejected, report.Stopped, (long)report.Elapsed.TotalMilliseconds,
            [.. report.Rejections.Select(r => new ImportRejectionResponse(r.Line, r.Reason))]));
    }

    private static ImportFormat Format(string? format, string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return Choice(format, "format", null, "jsonl", "json") switch
        {
            "jsonl" => ImportFormat.JsonLines,
            "json" => ImportFormat.JsonArray,
            _ => mediaType switch
            {
                "application/x-ndjson" or "application/jsonl" or "application/json-lines" or "application/jsonlines" => ImportFormat.JsonLines,
                "application/json" => ImportFormat.JsonArray,
                _ => throw new BadHttpRequestException(
                    "Send JSON Lines as application/x-ndjson (or application/jsonl) or a JSON array as application/json, or say format=jsonl|json.",
                    StatusCodes.Status415UnsupportedMediaType),
            },
        };
    }

    private static string? Choice(string? value, string name, string? fallback, params string[] allowed) =>
        value is null ? fallback
        : allowed.Contains(value, StringComparer.Ordinal) ? value
        : throw new MemoryValidationException(ValidationFailure.Invalid, $"{name} must be one of {string.Join(", ", allowed)}.");

    private static int Integer(string value, string name, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new MemoryValidationException(ValidationFailure.Invalid, $"{name} must be a whole number from {min} to {max}.");
}

/// <summary>The outcome: lines read, memories imported, lines skipped as duplicates, lines rejected (the first 1,000
/// listed with their reasons), whether the run stopped early, and how long it took.</summary>
public sealed record ImportResponse(long Lines, long Imported, long Duplicates, long Rejected, bool Stopped, long ElapsedMs, IReadOnlyList<ImportRejectionResponse> Rejections);

public sealed record ImportRejectionResponse(long Line, string Reason);
