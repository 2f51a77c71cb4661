namespace MemoryApi.Auth;

/// <summary>
/// API keys (section "Auth"). MEMORY_API_KEY adds an app key and MEMORY_ADMIN_KEY an admin key.
/// With no key configured at all the memory routes are open (a local, single-user default, logged loudly
/// at start-up) and the admin routes are closed.
/// </summary>
public sealed class ApiKeyOptions
{
    public List<string> ApiKeys { get; set; } = [];

    public List<string> AdminKeys { get; set; } = [];

    public bool IsOpen => ApiKeys.Count == 0 && AdminKeys.Count == 0;
}
