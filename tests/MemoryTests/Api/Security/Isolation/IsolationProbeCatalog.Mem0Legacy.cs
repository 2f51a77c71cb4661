namespace MemoryTests.Api.Security.Isolation;

/// <summary>
/// The Mem0 2.x family (what mem0ai 2.4.6, LangChain's Mem0Memory and Mastra call): add, search and list through the
/// v1/v2 routes, and the event list. They run the v3 routes' translation, so the model's expectations are the v3 ones;
/// only the answer's shape differs (a bare array), which the judge does not depend on: it reads tokens in the text.
/// </summary>
internal sealed partial class IsolationProbeCatalog
{
    private (string Route, Func<ProbeKey, string, IsolationProbe?> Make)[] Mem0LegacyRoutes() =>
    [
        ("POST /v1/memories/search", (k, r) => Mem0LegacySearch(k, r, "/v1/memories/search/")),
        ("POST /v2/memories/search", (k, r) => Mem0LegacySearch(k, r, "/v2/memories/search/")),
        ("POST /v2/memories", (k, r) => Mem0LegacyList(k, r)),
        ("GET /v1/memories?scope", (k, r) => Mem0LegacyListFromQuery(k, r)),
        ("POST /v1/memories forbidden", (k, r) => ForbiddenScopeProbe(k, r, _ => "/v1/memories/", HttpMethod.Post, Mem0AddBody)),
        ("GET /v1/events", (k, r) => EventListProbe(k, r)),
    ];

    private IsolationProbe Mem0LegacySearch(ProbeKey key, string route, string path)
    {
        var (body, scopes, target) = Mem0Owners(key);
        body["query"] = IsolationSeeder.Text(Pick(_world.Memories).CurrentToken);
        body["top_k"] = 50;
        return Mem0Read(key, route, path, body, scopes, target, mustList: false);
    }

    private IsolationProbe Mem0LegacyList(ProbeKey key, string route)
    {
        var (body, scopes, target) = Mem0Owners(key);
        return Mem0Read(key, route, "/v2/memories/", body, scopes, target, mustList: true);
    }

    private IsolationProbe Mem0LegacyListFromQuery(ProbeKey key, string route)
    {
        var (scope, target) = RandomScope(key);
        return ScopeRead(key, route, HttpMethod.Get, $"/v1/memories/?{Query(scope)}", null, scope, target, includeDeleted: false, mustList: true);
    }

    /// <summary>GET /v1/events/: the key's own queued adds (an admin key: its tenant's), every one of them, and nothing of
    /// another key's or tenant's. What an event may show is its person's (an add's results may name what it superseded).</summary>
    private IsolationProbe EventListProbe(ProbeKey key, string route)
    {
        var visible = _world.Events.Where(e => e.VisibleTo(key)).ToList();
        bool Shown(SeededMemory m) => key.CanSee(m) && visible.Any(e => e.Memory.Scope.Tenant == m.Scope.Tenant && e.Memory.Scope.UserId == m.Scope.UserId);
        return new(route, key, HttpMethod.Get, "/v1/events/?page_size=1000", null, 200, ProbeTarget.Listing, ProbeView.Of(Shown), [.. visible.Select(e => e.Memory.FirstToken)]);
    }
}
