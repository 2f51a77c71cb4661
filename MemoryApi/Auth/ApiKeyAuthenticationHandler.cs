using System.Security.Claims;
using System.Text.Encodings.Web;
using MemoryApi.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MemoryApi.Auth;

/// <summary>
/// Accepts <c>Authorization: Token &lt;key&gt;</c> (Mem0's form), <c>Authorization: Bearer &lt;key&gt;</c> or
/// <c>X-API-Key: &lt;key&gt;</c>. Challenges and forbids answer with problem details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey();
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (await keys.FindAsync(presented, Context.RequestAborted) is not { } key)
        {
            return AuthenticateResult.Fail("Invalid API key.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.Id), new Claim(ClaimTypes.Role, key.Role), new Claim(ApiKeyDefaults.KeyIdClaim, key.Id)],
            ApiKeyDefaults.Scheme);
        if (key.Role == ApiKeyDefaults.AdminRole)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, ApiKeyDefaults.AppRole));
        }

        AddAccessClaims(identity, key);

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyDefaults.Scheme));
    }

    /// <summary>What <see cref="CallerAccess"/> reads back: the tenant (absent for the configured keys, which are the
    /// default tenant's), the people a restricted key may reach, and the operator role of a configured admin key.</summary>
    private static void AddAccessClaims(ClaimsIdentity identity, ApiKey key)
    {
        if (key.IsOperator)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, ApiKeyDefaults.OperatorRole));
        }

        if (key.Tenant is { } tenant)
        {
            identity.AddClaim(new Claim(ApiKeyDefaults.TenantClaim, tenant));
        }

        foreach (var userId in key.UserIds ?? [])
        {
            identity.AddClaim(new Claim(ApiKeyDefaults.UserIdClaim, userId));
        }

        if (key.UserIdPrefix is { } prefix)
        {
            identity.AddClaim(new Claim(ApiKeyDefaults.UserIdPrefixClaim, prefix));
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Token, Bearer";
        var detail = PresentedKey() is null
            ? "An API key is required: send 'Authorization: Token <key>', 'Authorization: Bearer <key>' or 'X-API-Key: <key>'."
            : "The API key is not valid.";
        await Context.WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var detail = Context.User.IsInRole(ApiKeyDefaults.AdminRole)
            ? "This route acts on the whole store, every tenant: it needs the operator's key (the configured admin key, MEMORY_ADMIN_KEY)."
            : "This route needs an admin key.";
        await Context.WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", detail);
    }

    /// <summary>A read-only key on a route that writes: 403, before the route runs.</summary>
    public static Task WriteReadOnlyForbiddenAsync(HttpContext context) =>
        context.WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "This key has the read role; this route writes.");

    private string? PresentedKey()
    {
        if (Request.Headers.TryGetValue("X-API-Key", out var apiKey) && !string.IsNullOrWhiteSpace(apiKey))
        {
            return apiKey.ToString().Trim();
        }

        var authorization = Request.Headers.Authorization.ToString();
        foreach (var prefix in (string[])["Token ", "Bearer "])
        {
            if (authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return authorization[prefix.Length..].Trim();
            }
        }

        return null;
    }
}
