using System.Security.Cryptography;
using MemoryApi.Auth;
using MemoryCore;
using MemoryCore.Model;
using MemoryCore.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MemoryApi.Apis;

/// <summary>
/// API keys created, listed (never with secrets), rotated and revoked at run time, admin only. A secret is returned
/// once, by create and rotate; only its SHA-256 is stored. The configured keys (MEMORY_API_KEY, MEMORY_ADMIN_KEY,
/// Auth:*) are listed too, and change only with the configuration.
/// Tenants: a stored admin key administers its own tenant only (another tenant's key id is "not found"); the operator
/// (a configured admin key) creates keys in any tenant, lists every tenant's, and rotates or revokes any stored key.
/// </summary>
public static class KeysAdminApi
{
    public const int MaxNameLength = 100;

    /// <summary>The most user ids one restricted key may list.</summary>
    public const int MaxUserIds = 1_000;

    public static IEndpointRouteBuilder MapKeysAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/admin/keys")
            .RequireAuthorization(ApiKeyDefaults.AdminPolicy)
            .WithTags("Admin")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost(string.Empty, Create);
        api.MapGet(string.Empty, List);
        api.MapPost("/{keyId}/rotate", Rotate).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{keyId}", Revoke).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Created<KeySecretResponse>, ProblemHttpResult>> Create(
        CreateKeyBody body, IKeyRegistry registry, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, $"name must be 1-{MaxNameLength} characters without control characters.");
        }

        StorableText.Check(name, "name");
        var role = body.Role is ApiKeyDefaults.ReadRole or ApiKeyDefaults.WriteRole or ApiKeyDefaults.AdminRole
            ? body.Role
            : throw new MemoryValidationException(ValidationFailure.Invalid, "role must be read, write or admin.");
        var callerTenant = CallerAccess.Of(http).Tenant;
        var tenant = body.Tenant is null ? callerTenant : MemoryScope.CheckTenant(body.Tenant);
        if (tenant != callerTenant && !Actor.IsOperator(http))
        {
            return OtherTenant("creates keys in its own tenant only");
        }

        var userIds = UserIds(body.UserIds);
        var prefix = UserIdPrefix(body.UserIdPrefix);
        if (role == ApiKeyDefaults.AdminRole && (userIds is not null || prefix is not null))
        {
            // An admin key administers the whole tenant (keys, import): a key limited to some people cannot be one.
            throw new MemoryValidationException(ValidationFailure.Invalid, "An admin key cannot be restricted to some people: drop user_ids and user_id_prefix, or choose role read or write.");
        }

        var (secret, digest) = NewSecret();
        var key = new StoredApiKey("key_" + Guid.CreateVersion7().ToString("N"), name, role, digest, Timestamps.Now(clock), null, null, tenant, userIds, prefix);
        await registry.CreateKeyAsync(key, cancellationToken);
        return TypedResults.Created($"/admin/keys/{key.Id}", KeySecretResponse.From(key, secret));
    }

    /// <summary>The caller's tenant's keys (the configured keys are the default tenant's); the operator sees every tenant,
    /// or one with <c>?tenant=</c>.</summary>
    public static async Task<Results<Ok<ResultsResponse<KeyItem>>, ProblemHttpResult>> List(
        [FromQuery] string? tenant, IKeyRegistry registry, IOptions<ApiKeyOptions> options, HttpContext http, CancellationToken cancellationToken)
    {
        var own = CallerAccess.Of(http).Tenant;
        var named = tenant is null ? null : MemoryScope.CheckTenant(tenant);
        if (named is not null && named != own && !Actor.IsOperator(http))
        {
            return OtherTenant("lists keys of its own tenant only");
        }

        var scope = Actor.IsOperator(http) ? named : own;
        var configured = scope is null or MemoryScope.DefaultTenant
            ? options.Value.Keys().Where(k => !string.IsNullOrWhiteSpace(k.Secret))
                .Select(k => new KeyItem(k.Id, k.Id, k.Role == ApiKeyDefaults.AppRole ? ApiKeyDefaults.WriteRole : k.Role, "configuration", MemoryScope.DefaultTenant, null, null, null, null, null))
            : [];
        var stored = (await registry.ListKeysAsync(scope, cancellationToken)).Select(KeyItem.From);
        return TypedResults.Ok(new ResultsResponse<KeyItem>([.. configured, .. stored]));
    }

    public static async Task<Results<Ok<KeySecretResponse>, ProblemHttpResult>> Rotate(
        string keyId, IKeyRegistry registry, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var tenant = AdministeredTenant(http);
        var (secret, digest) = NewSecret();
        if (!await registry.RotateKeyAsync(keyId, tenant, digest, Timestamps.Now(clock), cancellationToken)
            || await registry.GetKeyAsync(keyId, tenant, cancellationToken) is not { } key)
        {
            return NotFound(keyId);
        }

        return TypedResults.Ok(KeySecretResponse.From(key, secret));
    }

    public static async Task<Results<Ok<KeyItem>, ProblemHttpResult>> Revoke(
        string keyId, IKeyRegistry registry, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var tenant = AdministeredTenant(http);
        if (!await registry.RevokeKeyAsync(keyId, tenant, Timestamps.Now(clock), cancellationToken)
            || await registry.GetKeyAsync(keyId, tenant, cancellationToken) is not { } key)
        {
            return NotFound(keyId);
        }

        return TypedResults.Ok(KeyItem.From(key));
    }

    /// <summary>The tenant whose keys the caller may change: its own, or every tenant (null) for the operator, who must be
    /// able to revoke a leaked tenant admin key.</summary>
    private static string? AdministeredTenant(HttpContext http) => Actor.IsOperator(http) ? null : CallerAccess.Of(http).Tenant;

    /// <summary>Each id checked as a user_id is (so a key never names a person no scope could name), duplicates dropped;
    /// null when absent. An empty list would be a key that reaches nobody: refused.</summary>
    private static string[]? UserIds(List<string?>? userIds)
    {
        if (userIds is null)
        {
            return null;
        }

        if (userIds.Count is 0 or > MaxUserIds)
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, $"user_ids must list 1 to {MaxUserIds} user ids (leave it out for a key that reaches every person of the tenant).");
        }

        return userIds.Select((id, i) => MemoryScope.Create(id ?? throw Invalid($"user_ids[{i}] must be a string."), null, null).UserId!)
            .Distinct(StringComparer.Ordinal).ToArray();
    }

    private static string? UserIdPrefix(string? prefix) =>
        prefix is null ? null : MemoryScope.Create(prefix, null, null).UserId;

    private static MemoryValidationException Invalid(string message) => new(ValidationFailure.Invalid, message);

    private static ProblemHttpResult OtherTenant(string what) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
        detail: $"A tenant's admin key {what}; other tenants' keys are the operator's (the configured admin key, MEMORY_ADMIN_KEY).");

    /// <summary>Unknown, another tenant's, configured (rotate those in the configuration) or already revoked.</summary>
    private static ProblemHttpResult NotFound(string keyId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Key not found", detail: $"No active stored key '{keyId}'. Configured keys change only with the configuration.");

    /// <summary>256 random bits, URL-safe, and the SHA-256 (hex) that is stored instead.</summary>
    private static (string Secret, string Digest) NewSecret()
    {
        var secret = "mk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (secret, Convert.ToHexStringLower(ApiKeyStore.Digest(secret)));
    }
}

/// <summary>POST /admin/keys. <c>tenant</c>: only the operator may name another tenant than its own. <c>user_ids</c> and
/// <c>user_id_prefix</c> restrict a read or write key to those people (either admits a user).</summary>
public sealed record CreateKeyBody(string? Name, string? Role, string? Tenant = null, List<string?>? UserIds = null, string? UserIdPrefix = null);

/// <summary>The only answer that holds a secret: create and rotate.</summary>
public sealed record KeySecretResponse(
    string Id, string Name, string Role, string Secret, DateTimeOffset CreatedAt, string Tenant, IReadOnlyList<string>? UserIds, string? UserIdPrefix)
{
    public static KeySecretResponse From(StoredApiKey key, string secret) =>
        new(key.Id, key.Name, key.Role, secret, key.CreatedAt, key.Tenant, key.AllowedUserIds, key.UserIdPrefix);
}

public sealed record KeyItem(
    string Id,
    string Name,
    string Role,
    string Source,
    string Tenant,
    IReadOnlyList<string>? UserIds,
    string? UserIdPrefix,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? RotatedAt,
    DateTimeOffset? RevokedAt)
{
    public static KeyItem From(StoredApiKey key) =>
        new(key.Id, key.Name, key.Role, "stored", key.Tenant, key.AllowedUserIds, key.UserIdPrefix, key.CreatedAt, key.RotatedAt, key.RevokedAt);
}
