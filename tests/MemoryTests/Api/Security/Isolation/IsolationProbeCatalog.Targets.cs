namespace MemoryTests.Api.Security.Isolation;

/// <summary>Probes aimed at one id (memory, history, event, key) and the writes aimed where the key may not reach.</summary>
internal sealed partial class IsolationProbeCatalog
{
    /// <summary>How often an id probe uses an id nothing has (a foreign id must answer exactly like it).</summary>
    private const double UnknownShare = 0.1;

    /// <summary>A memory by id, or its history (<paramref name="history"/>): history stays readable after a delete, by
    /// whoever may see the memory, and shows its first text; the memory itself shows its current text.</summary>
    private IsolationProbe ByIdProbe(ProbeKey key, string route, Func<Guid, string> path, bool history = false)
    {
        if (_random.NextDouble() < UnknownShare)
        {
            return new(route, key, HttpMethod.Get, path(NewId()), null, 404, ProbeTarget.Unknown, ProbeView.Nothing, []);
        }

        var memory = Pick(_world.Memories);
        return key.CanSee(memory) && (history || memory.Live)
            ? new(route, key, HttpMethod.Get, path(memory.Id), null, 200, ProbeTarget.Own, ProbeView.Of(m => m == memory), [history ? memory.FirstToken : memory.CurrentToken])
            : new(route, key, HttpMethod.Get, path(memory.Id), null, 404, TargetOf(key, memory), ProbeView.Nothing, []);
    }

    private IsolationProbe EventProbe(ProbeKey key, string route, Func<Guid, string> path)
    {
        if (_random.NextDouble() < UnknownShare)
        {
            return new(route, key, HttpMethod.Get, path(NewId()), null, 404, ProbeTarget.Unknown, ProbeView.Nothing, []);
        }

        var queued = Pick(_world.Events);
        var memory = queued.Memory;
        // The event's relations may name what its add superseded: another memory of the same person.
        bool SamePerson(SeededMemory m) => key.CanSee(m) && m.Scope.Tenant == memory.Scope.Tenant && m.Scope.UserId == memory.Scope.UserId;
        return queued.VisibleTo(key)
            ? new(route, key, HttpMethod.Get, path(queued.Id), null, 200, ProbeTarget.Own, ProbeView.Of(SamePerson), [memory.FirstToken])
            : new(route, key, HttpMethod.Get, path(queued.Id), null, 404, memory.Scope.Tenant == key.Tenant ? ProbeTarget.OtherPerson : ProbeTarget.OtherTenant, ProbeView.Nothing, []);
    }

    /// <summary>A write by id at a memory the key may not reach (another tenant's or person's, deleted, or unknown):
    /// 403 for a read key (refused before anything runs), else 404, and nothing changes.</summary>
    private IsolationProbe ForeignWriteProbe(ProbeKey key, string route, HttpMethod method, Func<Guid, string> path, Func<SeededMemory?, object?> body)
    {
        var memory = _random.NextDouble() < UnknownShare ? null : Pick(_world.Memories.Where(m => !key.CanSee(m) || !m.Live).ToList());
        var target = memory is null ? ProbeTarget.Unknown : key.CanSee(memory) ? ProbeTarget.Own : TargetOf(key, memory);
        return new(route, key, method, path(memory?.Id ?? NewId()), body(memory), key.CanWrite ? 404 : 403, target, ProbeView.Nothing, []);
    }

    /// <summary>A scope-wide write (a delete, or an add) by a restricted key naming a person outside its reach (or no
    /// person): 403, and nothing changes.</summary>
    private IsolationProbe? ForbiddenScopeProbe(ProbeKey key, string route, Func<SeedScope, string?> path, HttpMethod? method = null, Func<SeedScope, object>? body = null)
    {
        if (!key.Restricted)
        {
            return null;
        }

        var (scope, target) = RandomScope(key);
        return key.AllowsUser(scope.UserId) || path(scope) is not { } url
            ? null
            : new(route, key, method ?? HttpMethod.Delete, url, body?.Invoke(scope), 403, target, ProbeView.Nothing, []);
    }

    /// <summary>A scope in the key's tenant made of some ids of a random memory of any tenant (ids collide across
    /// tenants, so "ana" of another tenant's memory names the key's own "ana").</summary>
    private (SeedScope Scope, ProbeTarget Target) RandomScope(ProbeKey key)
    {
        var source = Pick(_world.Memories);
        string?[] ids = [source.Scope.UserId, source.Scope.AgentId, source.Scope.RunId, source.Scope.AppId];
        string?[] chosen;
        do
        {
            chosen = ids.Select(id => _random.Next(3) == 0 ? null : id).ToArray();
        }
        while (chosen.All(id => id is null));

        var scope = new SeedScope(key.Tenant, chosen[0], chosen[1], chosen[2], chosen[3]);
        var target = source.Scope.Tenant != key.Tenant ? ProbeTarget.OtherTenant
            : key.AllowsUser(scope.UserId) ? ProbeTarget.Own
            : ProbeTarget.OtherPerson;
        return (scope, target);
    }

    private static ProbeTarget TargetOf(ProbeKey key, SeededMemory memory) =>
        memory.Scope.Tenant != key.Tenant ? ProbeTarget.OtherTenant
        : key.CanSee(memory) ? ProbeTarget.Own
        : ProbeTarget.OtherPerson;

    private static string Query(SeedScope scope) => string.Join('&', new[] { ("user_id", scope.UserId), ("agent_id", scope.AgentId), ("run_id", scope.RunId), ("app_id", scope.AppId) }
        .Where(p => p.Item2 is not null)
        .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));

    private static Dictionary<string, object?> AddBody(SeedScope scope) =>
        new() { ["messages"] = "Written by a probe.", ["user_id"] = scope.UserId, ["agent_id"] = scope.AgentId, ["run_id"] = scope.RunId, ["app_id"] = scope.AppId, ["infer"] = false };

    private static Dictionary<string, object?> Mem0AddBody(SeedScope scope) =>
        new() { ["messages"] = new[] { new { role = "user", content = "Written by a probe." } }, ["user_id"] = scope.UserId, ["agent_id"] = scope.AgentId, ["run_id"] = scope.RunId, ["app_id"] = scope.AppId, ["infer"] = false };

    private static string EntityPath(SeedScope scope) =>
        scope.UserId is { } user ? $"/v1/entities/user/{Uri.EscapeDataString(user)}"
        : scope.AgentId is { } agent ? $"/v1/entities/agent/{Uri.EscapeDataString(agent)}"
        : scope.RunId is { } run ? $"/v1/entities/run/{Uri.EscapeDataString(run)}"
        : $"/v1/entities/app/{Uri.EscapeDataString(scope.AppId!)}";

    private Dictionary<string, object> Batch(SeededMemory? memory, string? text)
    {
        var item = new Dictionary<string, object> { ["memory_id"] = (memory?.Id ?? NewId()).ToString() };
        if (text is not null)
        {
            item["text"] = text;
        }

        return new() { ["memories"] = new[] { item } };
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>An id nothing has, drawn from the seeded random so a run can be replayed.</summary>
    private Guid NewId()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
