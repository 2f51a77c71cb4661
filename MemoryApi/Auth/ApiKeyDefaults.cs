namespace MemoryApi.Auth;

public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string MemoryPolicy = "memory";
    public const string AdminPolicy = "admin";
    public const string AdminRole = "admin";
    public const string AppRole = "app";

    /// <summary>The claim carrying <see cref="ApiKeyStore.KeyId"/> of the presented key.</summary>
    public const string KeyIdClaim = "key_id";

    /// <summary>The actor of requests when no key is configured at all (the open local default).</summary>
    public const string OpenKeyId = "open";
}
