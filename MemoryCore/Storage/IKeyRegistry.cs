namespace MemoryCore.Storage;

/// <summary>An API key as stored: never the secret, only its SHA-256 (lower-case hex). It belongs to one
/// <see cref="Tenant"/> and, when <see cref="AllowedUserIds"/> or <see cref="UserIdPrefix"/> is set, reaches only those
/// people in it (either admits a user); neither set means every person of the tenant.</summary>
public sealed record StoredApiKey(
    string Id,
    string Name,
    string Role,
    string SecretSha256,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RotatedAt,
    DateTimeOffset? RevokedAt,
    string Tenant = Model.MemoryScope.DefaultTenant,
    IReadOnlyList<string>? AllowedUserIds = null,
    string? UserIdPrefix = null)
{
    public bool IsRestricted => AllowedUserIds is not null || UserIdPrefix is not null;
}

/// <summary>API keys created at run time (the configured keys live in configuration). Implemented by both stores.
/// Every operation that names a key takes the caller's tenant: a key of another tenant is "not found". A null tenant is
/// the operator's view (every tenant).</summary>
public interface IKeyRegistry
{
    Task CreateKeyAsync(StoredApiKey key, CancellationToken cancellationToken);

    /// <summary>The tenant's keys (every tenant's when <paramref name="tenant"/> is null), revoked ones too, oldest first.</summary>
    Task<IReadOnlyList<StoredApiKey>> ListKeysAsync(string? tenant, CancellationToken cancellationToken);

    /// <summary>The key with this id in the tenant (any tenant when null), revoked or not; null when there is none.</summary>
    Task<StoredApiKey?> GetKeyAsync(string id, string? tenant, CancellationToken cancellationToken);

    /// <summary>The key that is not revoked and whose secret has this digest, or null.</summary>
    Task<StoredApiKey?> FindActiveKeyAsync(string secretSha256, CancellationToken cancellationToken);

    /// <summary>Replaces the secret of a key of the tenant (any tenant when null) that is not revoked; false when there is
    /// none with this id.</summary>
    Task<bool> RotateKeyAsync(string id, string? tenant, string newSecretSha256, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Revokes a key of the tenant (any tenant when null); false when there is no such key or it was already revoked.</summary>
    Task<bool> RevokeKeyAsync(string id, string? tenant, DateTimeOffset now, CancellationToken cancellationToken);
}
