namespace MemoryTests.Api.Security.Isolation;

/// <summary>The Mem0 Platform search and list: owners given as top-level ids, as a filters object, as an OR of two
/// owners or an "in" over two user ids (each branch is checked: one forbidden person makes the whole request a 403).</summary>
internal sealed partial class IsolationProbeCatalog
{
    private IsolationProbe Mem0SearchProbe(ProbeKey key)
    {
        var (body, scopes, target) = Mem0Owners(key);
        body["query"] = IsolationSeeder.Text(Pick(_world.Memories).CurrentToken);
        return Mem0Read(key, "POST /v3/memories/search", "/v3/memories/search/", body, scopes, target, mustList: false);
    }

    private IsolationProbe Mem0ListProbe(ProbeKey key)
    {
        var (body, scopes, target) = Mem0Owners(key);
        return Mem0Read(key, "POST /v3/memories", "/v3/memories/", body, scopes, target, mustList: true);
    }

    private IsolationProbe Mem0Read(ProbeKey key, string route, string path, Dictionary<string, object?> body, SeedScope[] scopes, ProbeTarget target, bool mustList)
    {
        if (!scopes.All(s => key.AllowsUser(s.UserId)))
        {
            return new(route, key, HttpMethod.Post, path, body, 403, target, ProbeView.Nothing, []);
        }

        bool Shown(SeededMemory m) => m.Live && key.CanSee(m) && scopes.Any(s => s.Covers(m.Scope));
        var must = mustList ? _world.Memories.Where(Shown).Select(m => m.CurrentToken).ToList() : [];
        return new(route, key, HttpMethod.Post, path, body, 200, target, ProbeView.Of(Shown), must);
    }

    private (Dictionary<string, object?> Body, SeedScope[] Scopes, ProbeTarget Target) Mem0Owners(ProbeKey key)
    {
        var (first, firstTarget) = RandomScope(key);
        switch (_random.Next(4))
        {
            case 0:
                return (Ids(first), [first], firstTarget);
            case 1:
                return (new() { ["filters"] = Ids(first) }, [first], firstTarget);
            case 2 when first.UserId is not null:
                // An "in" over user ids: one engine query per id, each checked against the key.
                var other = Pick(_world.Memories.Where(m => m.Scope.UserId is not null).ToList()).Scope.UserId!;
                var either = new SeedScope(key.Tenant, other, null, null);
                var inTarget = firstTarget == ProbeTarget.Own ? (key.AllowsUser(other) ? ProbeTarget.Own : ProbeTarget.OtherPerson) : firstTarget;
                return (new() { ["filters"] = new Dictionary<string, object?> { ["user_id"] = new Dictionary<string, object?> { ["in"] = new[] { first.UserId, other } } } },
                    [first with { AgentId = null, RunId = null, AppId = null }, either], inTarget);
            default:
                var (second, secondTarget) = RandomScope(key);
                var target = firstTarget == ProbeTarget.Own ? secondTarget : firstTarget;
                return (new() { ["filters"] = new Dictionary<string, object?> { ["OR"] = new[] { Ids(first), Ids(second) } } }, [first, second], target);
        }
    }

    private static Dictionary<string, object?> Ids(SeedScope scope)
    {
        var ids = new Dictionary<string, object?>();
        foreach (var (name, value) in new[] { ("user_id", scope.UserId), ("agent_id", scope.AgentId), ("run_id", scope.RunId), ("app_id", scope.AppId) })
        {
            if (value is not null)
            {
                ids[name] = value;
            }
        }

        return ids;
    }
}
