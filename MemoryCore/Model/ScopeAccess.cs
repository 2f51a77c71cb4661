namespace MemoryCore.Model;

/// <summary>
/// What one caller (one API key) may see: its tenant, and optionally only some people in it (a set of user ids and/or
/// a user id prefix). The HTTP layer builds one per request from the key; the engine checks every by-id read and write
/// against it, so a memory outside the caller's access answers exactly like an unknown id.
/// </summary>
/// <remarks>A restricted key sees only memories that name an allowed user: agent-, run- or app-only memories have no
/// person to check, so they are outside its reach. In particular a scope naming only an app_id ("every memory of this
/// app", across people) is refused to it: only a scope that also names one of its people can reach app memories.</remarks>
public sealed record ScopeAccess
{
    /// <summary>The unrestricted access of the default tenant: an open local server, the bootstrap keys, tests.</summary>
    public static readonly ScopeAccess Default = new(MemoryScope.DefaultTenant);

    public ScopeAccess(string tenant, IReadOnlyCollection<string>? userIds = null, string? userIdPrefix = null)
    {
        Tenant = MemoryScope.CheckTenant(tenant);
        UserIds = userIds is null ? null : new HashSet<string>(userIds, StringComparer.Ordinal);
        UserIdPrefix = string.IsNullOrEmpty(userIdPrefix) ? null : userIdPrefix;
    }

    public string Tenant { get; }

    /// <summary>The only user ids this caller may touch, or null when not restricted by list.</summary>
    public IReadOnlySet<string>? UserIds { get; }

    /// <summary>The prefix every user id this caller may touch starts with, or null when not restricted by prefix.</summary>
    public string? UserIdPrefix { get; }

    public bool IsRestricted => UserIds is not null || UserIdPrefix is not null;

    /// <summary>True when this caller may touch the person <paramref name="userId"/> in its tenant. With both a list and
    /// a prefix, either admits the user.</summary>
    public bool AllowsUser(string? userId) =>
        !IsRestricted
        || (userId is not null
            && ((UserIds?.Contains(userId) ?? false) || (UserIdPrefix is not null && userId.StartsWith(UserIdPrefix, StringComparison.Ordinal))));

    /// <summary>True when the scope is in this caller's tenant and names a person it may touch.</summary>
    public bool CanSee(MemoryScope scope) => scope.Tenant == Tenant && AllowsUser(scope.UserId);

    /// <summary>The scope the request names, in the caller's tenant; refused (403) when it names a person outside a
    /// restricted key's reach, or no person at all.</summary>
    public MemoryScope Scope(string? userId, string? agentId, string? runId, string? appId = null)
    {
        var scope = MemoryScope.Create(userId, agentId, runId, Tenant, appId);
        Demand(scope);
        return scope;
    }

    /// <summary>Throws <see cref="MemoryAccessDeniedException"/> unless <see cref="CanSee"/>.</summary>
    public void Demand(MemoryScope scope)
    {
        if (CanSee(scope))
        {
            return;
        }

        throw new MemoryAccessDeniedException(scope.UserId is null
            ? "This key is restricted to some people: name one with user_id."
            : "This key is not allowed to reach this user_id.");
    }
}
