namespace MemoryApi.Extensions;

/// <summary>
/// Memory:MaxRequestBytes, the largest request body. Kestrel enforces it while reading (chunked bodies too); the
/// middleware also refuses a declared Content-Length over it before anything is read, so the answer is the same 413
/// problem wherever the app is hosted (behind another server, in the test host) and no oversized JSON is parsed.
/// </summary>
public static class RequestBodyLimit
{
    public const long DefaultMaxBytes = 1_048_576;

    public static long MaxBytes(IConfiguration configuration) => configuration.GetValue<long?>("Memory:MaxRequestBytes") ?? DefaultMaxBytes;

    public static IApplicationBuilder UseRequestBodyLimit(this WebApplication app)
    {
        var maxBytes = MaxBytes(app.Configuration);
        var maxImportBytes = LargeRequestBody.MaxBytes(app.Configuration);
        return app.Use((context, next) =>
        {
            // Routing has run already (WebApplication adds it first), so the endpoint's own limit is known here.
            var limit = maxBytes;
            if (context.GetEndpoint()?.Metadata.GetMetadata<LargeRequestBody>() is not null)
            {
                limit = maxImportBytes;
                if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                {
                    feature.MaxRequestBodySize = limit;
                }
            }

            return context.Request.ContentLength > limit
                ? throw new BadHttpRequestException(
                    $"The request body is {context.Request.ContentLength} bytes; the limit is {limit}.", StatusCodes.Status413PayloadTooLarge)
                : next(context);
        });
    }
}
