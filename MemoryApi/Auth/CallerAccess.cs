using MemoryCore.Model;

namespace MemoryApi.Auth;

/// <summary>
/// The <see cref="ScopeAccess"/> of the request's key, from the claims the authentication handler set: its tenant and,
/// for a restricted key, the user ids or prefix it may reach. No tenant claim (the configured bootstrap keys, an open
/// local server) is the default tenant, unrestricted, which is what every deployment before tenants had.
/// </summary>
public static class CallerAccess
{
    private static readonly object ItemKey = new();

    public static ScopeAccess Of(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached) && cached is ScopeAccess access)
        {
            return access;
        }

        var user = context.User;
        var tenant = user.FindFirst(ApiKeyDefaults.TenantClaim)?.Value ?? MemoryScope.DefaultTenant;
        var userIds = user.FindAll(ApiKeyDefaults.UserIdClaim).Select(c => c.Value).ToArray();
        var prefix = user.FindFirst(ApiKeyDefaults.UserIdPrefixClaim)?.Value;
        access = new ScopeAccess(tenant, userIds.Length > 0 ? userIds : null, prefix);
        context.Items[ItemKey] = access;
        return access;
    }
}
