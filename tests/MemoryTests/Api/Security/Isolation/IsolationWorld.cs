namespace MemoryTests.Api.Security.Isolation;

/// <summary>A key the probes call with, as the tenant model sees it: its tenant, role and people restriction.</summary>
public sealed record ProbeKey(string Label, string Secret, string Id, string Tenant, string Role, IReadOnlySet<string>? UserIds = null, string? UserIdPrefix = null, bool Operator = false)
{
    public bool Restricted => UserIds is not null || UserIdPrefix is not null;

    public bool CanWrite => Role != "read";

    public bool IsAdmin => Role == "admin";

    /// <summary>The rule of ScopeAccess.AllowsUser, restated here so the test does not trust the code it checks.</summary>
    public bool AllowsUser(string? userId) =>
        !Restricted
        || (userId is not null
            && ((UserIds?.Contains(userId) ?? false) || (UserIdPrefix is not null && userId.StartsWith(UserIdPrefix, StringComparison.Ordinal))));

    public bool CanSee(SeededMemory memory) => memory.Scope.Tenant == Tenant && AllowsUser(memory.Scope.UserId);

    public override string ToString() => Label;
}

/// <summary>An exact owner tuple, tenant included; <see cref="AppId"/> is Mem0's app_id, the fourth id (a scope may
/// name it alone to read, never to write).</summary>
public sealed record SeedScope(string Tenant, string? UserId, string? AgentId, string? RunId, string? AppId = null)
{
    /// <summary>Read semantics: a missing id means any (reading user "ana" also sees ana's run- and app-scoped memories).</summary>
    public bool Covers(SeedScope exact) =>
        Tenant == exact.Tenant
        && (UserId is null || UserId == exact.UserId)
        && (AgentId is null || AgentId == exact.AgentId)
        && (RunId is null || RunId == exact.RunId)
        && (AppId is null || AppId == exact.AppId);

    public bool HasOwner => UserId is not null || AgentId is not null || RunId is not null;
}

/// <summary>A memory the seeding stored, with every canary token its texts and ids ever carried.</summary>
public sealed class SeededMemory(Guid id, SeedScope scope, string token)
{
    public Guid Id { get; } = id;

    public SeedScope Scope { get; } = scope;

    /// <summary>The token of its first text: in its ADD history row and its recorded turn.</summary>
    public string FirstToken { get; } = token;

    /// <summary>The token of its current text (differs from the first once updated).</summary>
    public string CurrentToken { get; set; } = token;

    /// <summary>Every token this memory's texts or ids carry (old texts stay in history).</summary>
    public HashSet<string> Tokens { get; } = [token];

    public bool Live { get; set; } = true;

    /// <summary>The id of one of its history rows (the ADD), for revert probes.</summary>
    public Guid HistoryId { get; set; }

    public override string ToString() => $"{Id} ({Scope})";
}

/// <summary>A queued add's event: visible inside its tenant only, to the key that queued it and to the tenant's admins
/// (the operator's tenant is the default one: it does not read other tenants' events).</summary>
public sealed record SeededEvent(Guid Id, SeededMemory Memory, ProbeKey Creator)
{
    public bool VisibleTo(ProbeKey key) => key.Tenant == Memory.Scope.Tenant && (key.Id == Creator.Id || key.IsAdmin);
}

/// <summary>A stored key's listing entry: its name carries a token of its tenant.</summary>
public sealed record SeededKeyName(string Tenant, string Id, string Token);

/// <summary>Everything the seeding stored, and which canary token belongs to what.</summary>
public sealed class IsolationWorld
{
    public List<ProbeKey> Keys { get; } = [];

    public List<SeededMemory> Memories { get; } = [];

    public List<SeededEvent> Events { get; } = [];

    public List<SeededKeyName> KeyNames { get; } = [];

    private readonly Dictionary<string, SeededMemory> _memoryTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SeededKeyName> _keyTokens = new(StringComparer.Ordinal);

    public void Register(SeededMemory memory, string token)
    {
        memory.Tokens.Add(token);
        _memoryTokens.Add(token, memory);
    }

    public void Register(SeededKeyName name) => _keyTokens.Add(name.Token, name);

    public SeededMemory? MemoryOf(string token) => _memoryTokens.GetValueOrDefault(token);

    public SeededKeyName? KeyNameOf(string token) => _keyTokens.GetValueOrDefault(token);

    public IEnumerable<string> Tenants => Keys.Select(k => k.Tenant).Distinct(StringComparer.Ordinal);
}
