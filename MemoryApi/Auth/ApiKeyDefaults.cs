namespace MemoryApi.Auth;

public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string MemoryPolicy = "memory";
    public const string AdminPolicy = "admin";
    public const string AdminRole = "admin";

    /// <summary>Routes that act on the whole store (every tenant): reset, re-embed, graph rebuild. Always required together
    /// with <see cref="AdminPolicy"/>, so that rate limits and the open-access guard see an admin route.</summary>
    public const string OperatorPolicy = "operator";

    /// <summary>The role of the configured admin keys (MEMORY_ADMIN_KEY, Auth:AdminKeys): the operator of the whole
    /// store, who creates keys in any tenant. A stored admin key administers only its own tenant.</summary>
    public const string OperatorRole = "operator";
    public const string AppRole = "app";

    /// <summary>Stored keys' roles: read (read routes only), write (every memory route, as an app key), admin.</summary>
    public const string ReadRole = "read";
    public const string WriteRole = "write";

    /// <summary>The claim holding the authenticated key's id (never its secret).</summary>
    public const string KeyIdClaim = "key_id";

    /// <summary>The key's tenant; absent on the configured (bootstrap) keys and in open mode, which mean the default tenant.</summary>
    public const string TenantClaim = "tenant";

    /// <summary>One claim per user id a restricted key may reach.</summary>
    public const string UserIdClaim = "allowed_user_id";

    /// <summary>The user id prefix a restricted key may reach.</summary>
    public const string UserIdPrefixClaim = "allowed_user_id_prefix";

    public const string BootstrapAppKeyId = "bootstrap-app";
    public const string BootstrapAdminKeyId = "bootstrap-admin";

    /// <summary>The actor of requests when no key is configured at all (the open local default), where a record needs
    /// a non-null key id (the async add queue's idempotency keys); history rows keep a null key id then.</summary>
    public const string OpenKeyId = "open";
}
