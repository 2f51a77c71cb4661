namespace MemoryApi.Auth;

/// <summary>
/// API keys (section "Auth"). MEMORY_API_KEY is the bootstrap app key (key id <c>bootstrap-app</c>) and
/// MEMORY_ADMIN_KEY the bootstrap admin key (<c>bootstrap-admin</c>); Auth:ApiKeys and Auth:AdminKeys add more
/// (key ids <c>app-1</c>, <c>app-2</c>… and <c>admin-1</c>… in configuration order). With no key configured at all the
/// memory routes are open (a local, single-user default, warned about at start-up) as long as the server listens on
/// loopback only or <see cref="AllowAnonymousOnNetwork"/> is set; the admin routes are closed.
/// </summary>
public sealed class ApiKeyOptions
{
    public List<string> ApiKeys { get; set; } = [];

    public List<string> AdminKeys { get; set; } = [];

    /// <summary>MEMORY_API_KEY.</summary>
    public string? BootstrapAppKey { get; set; }

    /// <summary>MEMORY_ADMIN_KEY.</summary>
    public string? BootstrapAdminKey { get; set; }

    /// <summary>Serve the memory routes without a key on a network (non-loopback) address. Off by default: an open
    /// memory store on a network is everyone's. Only for a network that is itself the access control.</summary>
    public bool AllowAnonymousOnNetwork { get; set; }

    public bool IsOpen => Keys().All(k => string.IsNullOrWhiteSpace(k.Secret));

    /// <summary>Every configured key with its stable id and role; blank secrets included (callers skip them).</summary>
    public IEnumerable<(string Id, string Role, string? Secret)> Keys()
    {
        yield return (ApiKeyDefaults.BootstrapAppKeyId, ApiKeyDefaults.AppRole, BootstrapAppKey);
        yield return (ApiKeyDefaults.BootstrapAdminKeyId, ApiKeyDefaults.AdminRole, BootstrapAdminKey);
        for (var i = 0; i < ApiKeys.Count; i++)
        {
            yield return ($"app-{i + 1}", ApiKeyDefaults.AppRole, ApiKeys[i]);
        }

        for (var i = 0; i < AdminKeys.Count; i++)
        {
            yield return ($"admin-{i + 1}", ApiKeyDefaults.AdminRole, AdminKeys[i]);
        }
    }
}
