namespace MemoryCore.Storage;

/// <summary>An API key as stored: never the secret, only its SHA-256 (lower-case hex).</summary>
public sealed record StoredApiKey(string Id, string Name, string Role, string SecretSha256, DateTimeOffset CreatedAt, DateTimeOffset? RotatedAt, DateTimeOffset? RevokedAt);

/// <summary>API keys created at run time (the configured keys live in configuration). Implemented by both stores.</summary>
public interface IKeyRegistry
{
    Task CreateKeyAsync(StoredApiKey key, CancellationToken cancellationToken);

    /// <summary>Every key, revoked ones too, oldest first.</summary>
    Task<IReadOnlyList<StoredApiKey>> ListKeysAsync(CancellationToken cancellationToken);

    /// <summary>The key that is not revoked and whose secret has this digest, or null.</summary>
    Task<StoredApiKey?> FindActiveKeyAsync(string secretSha256, CancellationToken cancellationToken);

    /// <summary>Replaces the secret of a key that is not revoked; false when there is none with this id.</summary>
    Task<bool> RotateKeyAsync(string id, string newSecretSha256, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Revokes a key; false when there is no such key or it was already revoked.</summary>
    Task<bool> RevokeKeyAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);
}
