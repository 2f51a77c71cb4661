using MemoryApi.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace MemoryApi.Auth;

/// <summary>
/// The zero-setup default, kept safe: with no API key configured the memory routes are open, but only while the server
/// listens on loopback alone. On a network address they answer 503 problems, unless Auth:AllowAnonymousOnNetwork is
/// set. Refusing per request rather than failing start-up keeps the health endpoints and the start-up log line visible
/// to an orchestrator, and a client gets a problem that says what to configure instead of a refused connection.
/// </summary>
public sealed class OpenAccessGuard(ApiKeyStore keys, IOptions<ApiKeyOptions> options, IServer server, ILogger<OpenAccessGuard> logger)
{
    private bool? _refuses;

    /// <summary>Decided once, on first use after the server has bound its addresses. The in-process test server
    /// has no addresses: it is reachable only from the test itself.</summary>
    public bool RefusesAnonymous => _refuses ??= keys.IsOpen && !options.Value.AllowAnonymousOnNetwork && ListenAddresses.AnyOnNetwork(Addresses());

    public IReadOnlyCollection<string> Addresses() =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    /// <summary>The loud start-up line; with keys configured there is nothing to say.</summary>
    public void LogAtStartup()
    {
        if (!keys.IsOpen)
        {
            return;
        }

        var addresses = string.Join(", ", Addresses());
        if (RefusesAnonymous)
        {
            logger.LogCritical(
                "NO API KEY CONFIGURED and listening on a network address ({Addresses}): the memory routes answer 503 until MEMORY_API_KEY is set (or Auth:AllowAnonymousOnNetwork=true, if the network itself is the access control)",
                addresses);
        }
        else
        {
            logger.LogWarning(
                "NO API KEY CONFIGURED: every memory route is open to anyone who can reach {Addresses} and nothing identifies callers. Set MEMORY_API_KEY before exposing this server",
                addresses.Length == 0 ? "this process" : addresses);
        }
    }
}

/// <summary>Applies <see cref="OpenAccessGuard"/> to requests.</summary>
public static class OpenAccessGuardMiddleware
{
    /// <summary>Between authentication and authorization: an anonymous request to a memory route gets the 503.</summary>
    public static IApplicationBuilder UseOpenAccessGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var guard = context.RequestServices.GetRequiredService<OpenAccessGuard>();
        if (guard.RefusesAnonymous && context.User.Identity?.IsAuthenticated != true && NeedsMemoryPolicy(context))
        {
            await context.WriteProblemAsync(
                StatusCodes.Status503ServiceUnavailable,
                "No API key is configured",
                "This memory server listens on a network address without any API key, so it serves no memory route. Set MEMORY_API_KEY (and send it), or set Auth:AllowAnonymousOnNetwork=true if the network itself is the access control.");
            return;
        }

        await next(context);
    });

    private static bool NeedsMemoryPolicy(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is ApiKeyDefaults.MemoryPolicy or ApiKeyDefaults.AdminPolicy) == true;
}
