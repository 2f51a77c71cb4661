using System.Security.Cryptography;
using System.Text;

namespace DistillationWorker.Hosting;

/// <summary>
/// Protects the trigger with MemoryApi's app key (MEMORY_API_KEY) in the same forms MemoryApi accepts:
/// <c>Authorization: Token &lt;key&gt;</c>, <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-API-Key: &lt;key&gt;</c>.
/// Without MEMORY_API_KEY the trigger is open, like MemoryApi's local default. Compared as SHA-256 digests in constant time.
/// </summary>
public sealed class TriggerKeyFilter : IEndpointFilter
{
    private readonly byte[]? _expected;

    public TriggerKeyFilter(IConfiguration configuration, ILogger<TriggerKeyFilter> logger)
    {
        var key = configuration["MEMORY_API_KEY"];
        if (string.IsNullOrWhiteSpace(key))
        {
            logger.LogWarning("MEMORY_API_KEY is not set: POST /distill/run is open to anyone who can reach this port");
            return;
        }

        _expected = Digest(key.Trim());
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_expected is null)
        {
            return await next(context);
        }

        var presented = PresentedKey(context.HttpContext.Request);
        if (presented is not null && CryptographicOperations.FixedTimeEquals(_expected, Digest(presented)))
        {
            return await next(context);
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = "Token, Bearer";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: presented is null
                ? "An API key is required: send 'Authorization: Token <key>', 'Authorization: Bearer <key>' or 'X-API-Key: <key>'."
                : "The API key is not valid.");
    }

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-API-Key", out var apiKey) && !string.IsNullOrWhiteSpace(apiKey))
        {
            return apiKey.ToString().Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        foreach (var prefix in (string[])["Token ", "Bearer "])
        {
            if (authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return authorization[prefix.Length..].Trim();
            }
        }

        return null;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
