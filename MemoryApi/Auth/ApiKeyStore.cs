using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace MemoryApi.Auth;

/// <summary>A key as the store keeps it: the SHA-256 of the secret (empty for stored keys, found by it), never the secret.
/// <paramref name="Tenant"/> is null for the configured keys (the default tenant's bootstrap keys); a configured admin key is
/// the <paramref name="IsOperator"/>, who administers every tenant. <paramref name="UserIds"/> and <paramref name="UserIdPrefix"/>
/// restrict a stored key to some people.</summary>
public sealed record ApiKey(
    string Id, string Role, byte[] Digest, string? Tenant = null, IReadOnlyList<string>? UserIds = null, string? UserIdPrefix = null, bool IsOperator = false);

/// <summary>
/// Checks presented keys: first the configured ones, in constant time (every key is compared, as fixed-length SHA-256
/// digests), then the keys created through /admin/keys, looked up by the SHA-256 of the secret (a random 256-bit
/// secret: its digest is the lookup key, so no timing of the comparison reveals anything usable). Stored keys count
/// only when at least one key is configured: without any, the server is in its open local mode.
/// </summary>
public sealed class ApiKeyStore
{
    private readonly ApiKey[] _keys;
    private readonly MemoryCore.Storage.IKeyRegistry? _registry;

    public ApiKeyStore(IOptions<ApiKeyOptions> options, MemoryCore.Storage.IKeyRegistry? registry = null)
    {
        _registry = registry;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // The same secret configured twice (e.g. MEMORY_API_KEY also in Auth:ApiKeys) keeps its first id and role,
        // except that an admin entry wins: a key listed as admin anywhere is an admin key.
        _keys = options.Value.Keys()
            .Where(k => !string.IsNullOrWhiteSpace(k.Secret))
            .OrderBy(k => k.Role == ApiKeyDefaults.AdminRole ? 0 : 1)
            .Where(k => seen.Add(k.Secret!.Trim()))
            .Select(k => new ApiKey(k.Id, k.Role, Digest(k.Secret!.Trim()), IsOperator: k.Role == ApiKeyDefaults.AdminRole))
            .ToArray();
        IsOpen = _keys.Length == 0;
    }

    public bool IsOpen { get; }

    /// <summary>The key the presented secret is, or null.</summary>
    public async Task<ApiKey?> FindAsync(string presented, CancellationToken cancellationToken)
    {
        if (FindConfigured(presented) is { } configured)
        {
            return configured;
        }

        if (IsOpen || _registry is null)
        {
            return null;
        }

        var digest = Convert.ToHexStringLower(Digest(presented));
        return await _registry.FindActiveKeyAsync(digest, cancellationToken).ConfigureAwait(false) is { } stored
            ? new ApiKey(
                stored.Id, stored.Role == ApiKeyDefaults.WriteRole ? ApiKeyDefaults.AppRole : stored.Role, [], stored.Tenant, stored.AllowedUserIds, stored.UserIdPrefix)
            : null;
    }

    /// <summary>The configured key the presented secret is, or null. Compares against every key, whatever matches.</summary>
    private ApiKey? FindConfigured(string presented)
    {
        var digest = Digest(presented);
        ApiKey? found = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(key.Digest, digest))
            {
                found ??= key;
            }
        }

        return found;
    }

    public static byte[] Digest(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
