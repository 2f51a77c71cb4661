using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace MemoryApi.Auth;

/// <summary>Checks presented keys in constant time: every key is compared, as fixed-length SHA-256 digests.</summary>
public sealed class ApiKeyStore
{
    private readonly byte[][] _appKeys;
    private readonly byte[][] _adminKeys;

    public ApiKeyStore(IOptions<ApiKeyOptions> options)
    {
        _appKeys = Digests(options.Value.ApiKeys);
        _adminKeys = Digests(options.Value.AdminKeys);
        IsOpen = options.Value.IsOpen;
    }

    public bool IsOpen { get; }

    /// <summary>A stable, non-secret name of a key for records of who did what ("key:" and 12 hex digits of its SHA-256):
    /// the same key always gets the same id, and the id does not reveal the key.</summary>
    public static string KeyId(string presented) =>
        "key:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(presented.Trim())))[..12];

    /// <summary>Returns the role the key grants, or null.</summary>
    public string? RoleOf(string presented)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var admin = AnyEquals(_adminKeys, digest);
        var app = AnyEquals(_appKeys, digest);
        return admin ? ApiKeyDefaults.AdminRole : app ? ApiKeyDefaults.AppRole : null;
    }

    private static bool AnyEquals(byte[][] keys, byte[] digest)
    {
        var found = false;
        foreach (var key in keys)
        {
            found |= CryptographicOperations.FixedTimeEquals(key, digest);
        }

        return found;
    }

    private static byte[][] Digests(IEnumerable<string> keys) =>
        keys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k.Trim()))).ToArray();
}
