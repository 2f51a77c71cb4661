namespace MemoryTests.Api.Security.Isolation;

/// <summary>
/// Draws random probes from the seeded world: a random key, a random route and a random target (a scope built from
/// any tenant's ids, any tenant's memory, history, event or key id, or an unknown id), with the status and visibility
/// the tenant model predicts. The rules are restated here from docs (TENANTS.md), never read from the code under test.
/// Writes are only aimed at what the key may not reach, so every probe leaves the world as seeded.
/// </summary>
internal sealed partial class IsolationProbeCatalog
{
    private readonly IsolationWorld _world;
    private readonly Random _random;
    private readonly (string Route, Func<ProbeKey, string, IsolationProbe?> Make)[] _routes;

    public IsolationProbeCatalog(IsolationWorld world, Random random)
    {
        _world = world;
        _random = random;
        _routes =
        [
            ("GET /memories", (k, _) => ListProbe(k)),
            ("GET /memories/{id}", (k, r) => ByIdProbe(k, r, id => $"/memories/{id}")),
            ("GET /memories/{id}/history", (k, r) => ByIdProbe(k, r, id => $"/memories/{id}/history", history: true)),
            ("POST /search vector", (k, _) => SearchProbe(k, "vector")),
            ("POST /search fulltext", (k, _) => SearchProbe(k, "fulltext")),
            ("POST /search hybrid", (k, _) => SearchProbe(k, "hybrid")),
            ("POST /search graph", (k, _) => SearchProbe(k, "graph")),
            ("GET /graph/relations", (k, _) => RelationsProbe(k)),
            ("GET /turns", (k, _) => TurnsProbe(k)),
            ("GET /turns/scopes", (k, r) => ListingProbe(k, r, "/turns/scopes")),
            ("GET /users/{id}/export", ExportProbe),
            ("GET /events/{id}", (k, r) => EventProbe(k, r, id => $"/events/{id}")),
            ("PUT /memories/{id} foreign", (k, r) => ForeignWriteProbe(k, r, HttpMethod.Put, id => $"/memories/{id}", _ => new { text = "overwritten by a probe" })),
            ("DELETE /memories/{id} foreign", (k, r) => ForeignWriteProbe(k, r, HttpMethod.Delete, id => $"/memories/{id}", _ => null)),
            ("POST /memories/{id}/revert foreign", (k, r) => ForeignWriteProbe(k, r, HttpMethod.Post, id => $"/memories/{id}/revert", m => new { history_id = m?.HistoryId ?? Guid.Empty })),
            ("DELETE /memories?scope forbidden", (k, r) => ForbiddenScopeProbe(k, r, s => $"/memories?{Query(s)}")),
            ("POST /memories forbidden", (k, r) => ForbiddenScopeProbe(k, r, s => "/memories", HttpMethod.Post, AddBody)),
            ("DELETE /users/{id} forbidden", (k, r) => ForbiddenScopeProbe(k, r, s => s.UserId is null ? null : $"/users/{Uri.EscapeDataString(s.UserId)}")),
            ("GET /v1/memories/{id}", (k, r) => ByIdProbe(k, r, id => $"/v1/memories/{id}/")),
            ("GET /v1/memories/{id}/history", (k, r) => ByIdProbe(k, r, id => $"/v1/memories/{id}/history/", history: true)),
            ("PUT /v1/memories/{id} foreign", (k, r) => ForeignWriteProbe(k, r, HttpMethod.Put, id => $"/v1/memories/{id}/", _ => new { text = "overwritten by a probe" })),
            ("DELETE /v1/memories/{id} foreign", (k, r) => ForeignWriteProbe(k, r, HttpMethod.Delete, id => $"/v1/memories/{id}/", _ => null)),
            ("PUT /v1/batch foreign", (k, r) => ForeignWriteProbe(k, r, HttpMethod.Put, _ => "/v1/batch/", m => Batch(m, "overwritten by a probe"))),
            ("DELETE /v1/batch foreign", (k, r) => ForeignWriteProbe(k, r, HttpMethod.Delete, _ => "/v1/batch/", m => Batch(m, null))),
            ("DELETE /v1/memories?scope forbidden", (k, r) => ForbiddenScopeProbe(k, r, s => $"/v1/memories/?{Query(s)}")),
            ("POST /v3/memories/add forbidden", (k, r) => ForbiddenScopeProbe(k, r, s => "/v3/memories/add/", HttpMethod.Post, Mem0AddBody)),
            ("DELETE /v1/entities/{type}/{id} forbidden", (k, r) => ForbiddenScopeProbe(k, r, EntityPath)),
            ("POST /v3/memories/search", (k, _) => Mem0SearchProbe(k)),
            ("POST /v3/memories", (k, _) => Mem0ListProbe(k)),
            ("GET /v1/entities", (k, r) => ListingProbe(k, r, "/v1/entities/")),
            ("GET /v1/event/{id}", (k, r) => EventProbe(k, r, id => $"/v1/event/{id}/")),
            ("GET /admin/keys", KeyListProbe),
            ("POST /admin/keys other tenant", ForeignKeyCreateProbe),
            ("POST /admin/import foreign id", ForeignImportProbe),
            ("POST /reset not operator", (k, r) => OperatorOnlyProbe(k, r, "/reset")),
            ("POST /admin/embeddings/reembed not operator", (k, r) => OperatorOnlyProbe(k, r, "/admin/embeddings/reembed")),
            ("POST /admin/graph/rebuild not operator", (k, r) => OperatorOnlyProbe(k, r, "/admin/graph/rebuild")),
            ("POST /admin/keys/{id}/rotate foreign", (k, r) => ForeignKeyProbe(k, r, HttpMethod.Post, id => $"/admin/keys/{id}/rotate")),
            ("DELETE /admin/keys/{id} foreign", (k, r) => ForeignKeyProbe(k, r, HttpMethod.Delete, id => $"/admin/keys/{id}")),
            .. Mem0LegacyRoutes(),
            .. McpRoutes(),
        ];
    }

    /// <summary>Every route the probes draw from (the test checks each was probed).</summary>
    public IEnumerable<string> Routes => _routes.Select(r => r.Route);

    /// <summary>The next probe: random key, random route (redrawn when the route has no probe for the key, e.g. a
    /// forbidden-scope write for an unrestricted key).</summary>
    public IsolationProbe Next()
    {
        while (true)
        {
            var key = Pick(_world.Keys);
            var (route, make) = _routes[_random.Next(_routes.Length)];
            if (make(key, route) is { } probe)
            {
                return probe;
            }
        }
    }

    private IsolationProbe ListProbe(ProbeKey key)
    {
        var (scope, target) = RandomScope(key);
        return ScopeRead(key, "GET /memories", HttpMethod.Get, $"/memories?{Query(scope)}&limit=100", null, scope, target, includeDeleted: false, mustList: true);
    }

    private IsolationProbe SearchProbe(ProbeKey key, string mode)
    {
        var (scope, target) = RandomScope(key);
        var ids = new Dictionary<string, object?> { ["user_id"] = scope.UserId, ["agent_id"] = scope.AgentId, ["run_id"] = scope.RunId, ["app_id"] = scope.AppId };
        // The ids at the top or (Mem0 v2 style) inside filters, which the service lifts into the scope.
        var body = _random.Next(2) == 0
            ? ids
            : new Dictionary<string, object?> { ["filters"] = ids.Where(p => p.Value is not null).ToDictionary() };
        // The query names a random memory's words (often another tenant's): keyword search would surface it if the
        // scope filter let it through.
        body["query"] = IsolationSeeder.Text(Pick(_world.Memories).CurrentToken);
        body["mode"] = mode;
        body["limit"] = 50;
        // In every mode the answer carries the relations around the query, and those may come from memories since
        // deleted (the graph keeps what was said): the scope's deleted memories may show, nobody else's.
        return ScopeRead(key, "POST /search " + mode, HttpMethod.Post, "/search", body, scope, target, includeDeleted: true, mustList: false);
    }

    private IsolationProbe RelationsProbe(ProbeKey key)
    {
        var (scope, target) = RandomScope(key);
        var history = _random.Next(2) == 0 ? "&history=true" : string.Empty;
        return ScopeRead(key, "GET /graph/relations", HttpMethod.Get, $"/graph/relations?{Query(scope)}{history}", null, scope, target, includeDeleted: true, mustList: false);
    }

    private IsolationProbe TurnsProbe(ProbeKey key)
    {
        var (scope, target) = RandomScope(key);
        return ScopeRead(key, "GET /turns", HttpMethod.Get, $"/turns?{Query(scope)}", null, scope, target, includeDeleted: true, mustList: false);
    }

    private static IsolationProbe ListingProbe(ProbeKey key, string route, string path) =>
        new(route, key, HttpMethod.Get, path, null, 200, ProbeTarget.Listing, ProbeView.Of(key.CanSee), []);

    private IsolationProbe ExportProbe(ProbeKey key, string route)
    {
        var owner = Pick(_world.Memories.Where(m => m.Scope.UserId is not null).ToList());
        var user = owner.Scope.UserId!;
        var target = TargetOf(key, owner);
        if (!key.AllowsUser(user))
        {
            return new(route, key, HttpMethod.Get, $"/users/{Uri.EscapeDataString(user)}/export", null, 403, target, ProbeView.Nothing, []);
        }

        bool Mine(SeededMemory m) => m.Scope.Tenant == key.Tenant && m.Scope.UserId == user;
        var must = _world.Memories.Where(m => Mine(m) && m.Live).Select(m => m.CurrentToken).ToList();
        return new(route, key, HttpMethod.Get, $"/users/{Uri.EscapeDataString(user)}/export", null, 200, target, ProbeView.Of(Mine), must);
    }

    /// <summary>A read naming a scope: 403 when a restricted key names a person outside its reach (or none), else 200
    /// showing only the caller's tenant's memories the scope covers.</summary>
    private IsolationProbe ScopeRead(ProbeKey key, string route, HttpMethod method, string path, object? body, SeedScope scope, ProbeTarget target, bool includeDeleted, bool mustList)
    {
        if (!key.AllowsUser(scope.UserId))
        {
            return new(route, key, method, path, body, 403, target, ProbeView.Nothing, []);
        }

        bool Shown(SeededMemory m) => key.CanSee(m) && scope.Covers(m.Scope) && (includeDeleted || m.Live);
        var must = mustList ? _world.Memories.Where(m => m.Live && Shown(m)).Select(m => m.CurrentToken).ToList() : [];
        return new(route, key, method, path, body, 200, target, ProbeView.Of(Shown), must);
    }
}
