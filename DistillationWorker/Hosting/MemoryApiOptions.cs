namespace DistillationWorker.Hosting;

/// <summary>Where MemoryApi is and how to authenticate (section "MemoryApi", plus MEMORY_API_KEY).</summary>
public sealed class MemoryApiOptions
{
    public const string SectionName = "MemoryApi";

    /// <summary>The Aspire service name; service discovery resolves it from services__memoryapi__http__0.</summary>
    public const string ServiceName = "memoryapi";

    /// <summary>MemoryApi's own development address (its launch profile), used when nothing else is configured.</summary>
    public const string LocalDefault = "http://localhost:5080";

    /// <summary>Explicit address; wins over service discovery.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Sent as "Authorization: Token &lt;key&gt;". Filled from MEMORY_API_KEY.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Explicit MemoryApi:BaseUrl, else "http://memoryapi" when Aspire injected services:memoryapi:* (the service
    /// discovery handler on every HttpClient rewrites it), else <see cref="LocalDefault"/>.
    /// </summary>
    public static Uri ResolveBaseAddress(IConfiguration configuration)
    {
        var explicitUrl = configuration[$"{SectionName}:BaseUrl"];
        if (!string.IsNullOrWhiteSpace(explicitUrl))
        {
            if (!Uri.TryCreate(explicitUrl.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new InvalidOperationException($"MemoryApi:BaseUrl '{explicitUrl}' is not an absolute http(s) URL.");
            }

            // A trailing slash keeps a path prefix when the client's relative paths are resolved against it.
            return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        }

        var discovered = configuration.GetSection($"services:{ServiceName}").GetChildren().Any();
        return new Uri(discovered ? $"http://{ServiceName}" : LocalDefault);
    }
}
