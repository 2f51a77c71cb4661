using System.Security.Cryptography;
using MemoryApi.Auth;
using MemoryCore;
using MemoryCore.Model;
using MemoryCore.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MemoryApi.Apis;

/// <summary>
/// API keys created, listed (never with secrets), rotated and revoked at run time, admin only. A secret is returned
/// once, by create and rotate; only its SHA-256 is stored. The configured keys (MEMORY_API_KEY, MEMORY_ADMIN_KEY,
/// Auth:*) are listed too, and change only with the configuration.
/// </summary>
public static class KeysAdminApi
{
    public const int MaxNameLength = 100;

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

    public static async Task<Created<KeySecretResponse>> Create(CreateKeyBody body, IKeyRegistry registry, TimeProvider clock, CancellationToken cancellationToken)
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
        var (secret, digest) = NewSecret();
        var key = new StoredApiKey("key_" + Guid.CreateVersion7().ToString("N"), name, role, digest, Timestamps.Now(clock), null, null);
        await registry.CreateKeyAsync(key, cancellationToken);
        return TypedResults.Created($"/admin/keys/{key.Id}", new KeySecretResponse(key.Id, key.Name, key.Role, secret, key.CreatedAt));
    }

    public static async Task<Ok<ResultsResponse<KeyItem>>> List(IKeyRegistry registry, IOptions<ApiKeyOptions> options, CancellationToken cancellationToken)
    {
        var configured = options.Value.Keys().Where(k => !string.IsNullOrWhiteSpace(k.Secret))
            .Select(k => new KeyItem(k.Id, k.Id, k.Role == ApiKeyDefaults.AppRole ? ApiKeyDefaults.WriteRole : k.Role, "configuration", null, null, null));
        var stored = (await registry.ListKeysAsync(cancellationToken))
            .Select(k => new KeyItem(k.Id, k.Name, k.Role, "stored", k.CreatedAt, k.RotatedAt, k.RevokedAt));
        return TypedResults.Ok(new ResultsResponse<KeyItem>([.. configured, .. stored]));
    }

    public static async Task<Results<Ok<KeySecretResponse>, ProblemHttpResult>> Rotate(string keyId, IKeyRegistry registry, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (secret, digest) = NewSecret();
        var now = Timestamps.Now(clock);
        if (!await registry.RotateKeyAsync(keyId, digest, now, cancellationToken))
        {
            return NotFound(keyId);
        }

        var key = (await registry.ListKeysAsync(cancellationToken)).Single(k => k.Id == keyId);
        return TypedResults.Ok(new KeySecretResponse(key.Id, key.Name, key.Role, secret, key.CreatedAt));
    }

    public static async Task<Results<Ok<KeyItem>, ProblemHttpResult>> Revoke(string keyId, IKeyRegistry registry, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!await registry.RevokeKeyAsync(keyId, Timestamps.Now(clock), cancellationToken))
        {
            return NotFound(keyId);
        }

        var key = (await registry.ListKeysAsync(cancellationToken)).Single(k => k.Id == keyId);
        return TypedResults.Ok(new KeyItem(key.Id, key.Name, key.Role, "stored", key.CreatedAt, key.RotatedAt, key.RevokedAt));
    }

    /// <summary>Unknown, configured (rotate those in the configuration) or already revoked.</summary>
    private static ProblemHttpResult NotFound(string keyId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Key not found", detail: $"No active stored key '{keyId}'. Configured keys change only with the configuration.");

    /// <summary>256 random bits, URL-safe, and the SHA-256 (hex) that is stored instead.</summary>
    private static (string Secret, string Digest) NewSecret()
    {
        var secret = "mk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (secret, Convert.ToHexStringLower(ApiKeyStore.Digest(secret)));
    }
}

public sealed record CreateKeyBody(string? Name, string? Role);

/// <summary>The only answer that holds a secret: create and rotate.</summary>
public sealed record KeySecretResponse(string Id, string Name, string Role, string Secret, DateTimeOffset CreatedAt);

public sealed record KeyItem(string Id, string Name, string Role, string Source, DateTimeOffset? CreatedAt, DateTimeOffset? RotatedAt, DateTimeOffset? RevokedAt);
