namespace MemoryCore.Model;

/// <summary>
/// Who a memory belongs to. At least one identifier is always present.
/// </summary>
/// <remarks>
/// Writes use the scope as an exact tuple: a memory written for (user "ana") is a different
/// scope from one written for (user "ana", run "r1"), and reconciliation only compares
/// memories of the same tuple. Reads treat a missing identifier as "any": searching
/// (user "ana") also sees ana's run-scoped memories, as Mem0 does.
/// Every scope also names its <see cref="Tenant"/>: the same user id in two tenants is two different people, and no
/// read or write ever crosses tenants. Single-tenant deployments never see it: everything is <see cref="DefaultTenant"/>.
/// <para>Mem0's fourth entity, <see cref="AppId"/>, is part of the tuple like the others (a memory written for (user "ana",
/// app "diary") is not one written for (user "ana")), but it names an application, not an owner: a memory is always
/// owned by a user, agent or run (<see cref="HasOwner"/>, checked on every write), while a read or a delete may name
/// the app alone ("every memory of app diary", never crossing tenants; a key restricted to some people is still refused
/// a scope that names no user, see <see cref="ScopeAccess"/>).</para>
/// </remarks>
public sealed record MemoryScope
{
    public const int MaxIdLength = 256;

    /// <summary>The tenant of every deployment that never configured one, and of the bootstrap keys.</summary>
    public const string DefaultTenant = "default";

    public const int MaxTenantLength = 64;

    /// <summary>The tenant (an account: one app or organisation) the memories belong to; never null.</summary>
    public string Tenant { get; }

    public string? UserId { get; }
    public string? AgentId { get; }
    public string? RunId { get; }

    /// <summary>The application (Mem0's <c>app_id</c>) the memories belong to within their owner, or null.</summary>
    public string? AppId { get; }

    /// <summary>True when a user, agent or run is named: only such a scope may own (be written) memories.</summary>
    public bool HasOwner => UserId is not null || AgentId is not null || RunId is not null;

    private MemoryScope(string tenant, string? userId, string? agentId, string? runId, string? appId)
    {
        Tenant = tenant;
        UserId = userId;
        AgentId = agentId;
        RunId = runId;
        AppId = appId;
    }

    /// <summary>Validates and builds a scope; throws <see cref="MemoryValidationException"/> when no id is given or one is malformed.
    /// Without <paramref name="tenant"/> the scope is in <see cref="DefaultTenant"/>; the HTTP layer always passes the
    /// caller's tenant (from its key), never one taken from the request.</summary>
    public static MemoryScope Create(string? userId, string? agentId, string? runId, string? tenant = null, string? appId = null)
    {
        tenant = CheckTenant(tenant ?? DefaultTenant);
        userId = Normalize(userId, "user_id");
        agentId = Normalize(agentId, "agent_id");
        runId = Normalize(runId, "run_id");
        appId = Normalize(appId, "app_id");
        if (userId is null && agentId is null && runId is null && appId is null)
        {
            throw new MemoryValidationException(
                ValidationFailure.MissingScope,
                "At least one of user_id, agent_id or run_id is required (or app_id alone, to read or delete an app's memories).");
        }

        return new MemoryScope(tenant, userId, agentId, runId, appId);
    }

    /// <summary>Throws <see cref="MemoryValidationException"/> (422) unless the scope <see cref="HasOwner"/>: memories
    /// are written for a user, agent or run, never for an app alone (app_id only narrows which of them).</summary>
    public MemoryScope RequireOwner()
    {
        return HasOwner
            ? this
            : throw new MemoryValidationException(
                ValidationFailure.MissingScope,
                "A memory is owned by a user_id, agent_id or run_id: app_id alone can read or delete memories, not write them.");
    }

    /// <summary>Checks a tenant id: 1 to 64 characters of ASCII letters, digits, '.', '_' and '-', starting with a letter
    /// or digit. Strict because it names an account in keys, logs and lock keys.</summary>
    public static string CheckTenant(string tenant)
    {
        if (tenant.Length is 0 or > MaxTenantLength || !char.IsAsciiLetterOrDigit(tenant[0])
            || !tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new MemoryValidationException(
                ValidationFailure.Invalid,
                $"tenant must be 1 to {MaxTenantLength} ASCII letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        return tenant;
    }

    /// <summary>A stable key for the exact tuple (tenant included), used for per-scope write locks and the order of
    /// queued adds. The default tenant adds no prefix, so keys stored before tenants existed (queued events' scope keys)
    /// still name the same scope after an upgrade; likewise a scope without an app adds nothing for it.</summary>
    public string LockKey => TenantLockPrefix + $"u:{UserId?.Length ?? -1}:{UserId}|a:{AgentId?.Length ?? -1}:{AgentId}|r:{RunId?.Length ?? -1}:{RunId}"
        + (AppId is null ? string.Empty : $"|p:{AppId.Length}:{AppId}");

    /// <summary>The key of the person's lock (tenant and user id), or null for a scope without a user: writers of any of
    /// the person's scopes hold it shared (or, where a store has no shared locks, exclusive) and erasing the person holds
    /// it exclusive, so an add in flight is either erased with the person or starts after the erasure.</summary>
    public string? PersonLockKey => UserId is null ? null : TenantLockPrefix + $"p:{UserId}";

    /// <summary>Nothing for the default tenant, so the keys of scopes that existed before tenants are unchanged.</summary>
    private string TenantLockPrefix => Tenant == DefaultTenant ? string.Empty : $"t:{Tenant}|";

    public override string ToString() => $"tenant={Tenant}, user_id={UserId ?? "-"}, agent_id={AgentId ?? "-"}, run_id={RunId ?? "-"}" + (AppId is null ? string.Empty : $", app_id={AppId}");

    private static string? Normalize(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, $"{name} must not be empty or blank.");
        }

        if (value.Length > MaxIdLength)
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, $"{name} must be at most {MaxIdLength} characters.");
        }

        if (value.Any(char.IsControl))
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, $"{name} must not contain control characters.");
        }

        StorableText.Check(value, name);

        return value;
    }
}
