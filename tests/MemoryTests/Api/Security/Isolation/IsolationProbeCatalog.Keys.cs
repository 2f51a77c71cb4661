namespace MemoryTests.Api.Security.Isolation;

/// <summary>Key administration and the store-wide admin routes: a tenant's admin key administers its own tenant's keys
/// only; the operator (the configured admin key) every tenant's, and only it may touch the whole store.</summary>
internal sealed partial class IsolationProbeCatalog
{
    /// <summary>The key listing (admins only), of the caller's tenant or, with <c>?tenant=</c>, of a named one: a
    /// tenant's admin may name only its own, the operator any.</summary>
    private IsolationProbe KeyListProbe(ProbeKey key, string route)
    {
        var named = _random.Next(3) == 0 ? Pick(IsolationSeeder.Tenants) : null;
        var path = named is null ? "/admin/keys" : $"/admin/keys?tenant={named}";
        var target = named is null ? ProbeTarget.Listing : named == key.Tenant ? ProbeTarget.Own : ProbeTarget.OtherTenant;
        if (!key.IsAdmin || (named is not null && named != key.Tenant && !key.Operator))
        {
            return new(route, key, HttpMethod.Get, path, null, 403, target, ProbeView.Nothing, []);
        }

        bool Listed(SeededKeyName name) => named is null ? key.Operator || name.Tenant == key.Tenant : name.Tenant == named;
        var must = _world.KeyNames.Where(Listed).Select(n => n.Token).ToList();
        return new(route, key, HttpMethod.Get, path, null, 200, target, new ProbeView(_ => false, Listed), must);
    }

    /// <summary>Rotating or revoking another tenant's key (or an unknown one): 403 for a non-admin, else 404. The
    /// operator administers every tenant, so it gets no such probe.</summary>
    private IsolationProbe? ForeignKeyProbe(ProbeKey key, string route, HttpMethod method, Func<string, string> path)
    {
        if (key.Operator)
        {
            return null;
        }

        var unknown = _random.NextDouble() < UnknownShare;
        var id = unknown ? "key_" + NewId().ToString("N") : Pick(_world.KeyNames.Where(n => n.Tenant != key.Tenant).ToList()).Id;
        return new(route, key, method, path(id), null, key.IsAdmin ? 404 : 403, unknown ? ProbeTarget.Unknown : ProbeTarget.OtherTenant, ProbeView.Nothing, []);
    }

    /// <summary>Creating a key in another tenant: the operator's alone (403 for everyone else, nothing created).</summary>
    private IsolationProbe? ForeignKeyCreateProbe(ProbeKey key, string route)
    {
        if (key.Operator)
        {
            return null;
        }

        var tenant = Pick(IsolationSeeder.Tenants.Where(t => t != key.Tenant).ToList());
        var body = new Dictionary<string, object?> { ["name"] = "made by a probe", ["role"] = Pick(["read", "write", "admin"]), ["tenant"] = tenant };
        return new(route, key, HttpMethod.Post, "/admin/keys", body, 403, ProbeTarget.OtherTenant, ProbeView.Nothing, []);
    }

    /// <summary>An import (admins; into the caller's tenant) of a line that keeps the id of another tenant's memory, live
    /// or deleted: the line is counted as already stored, and the other tenant's memory and history stay as they were and
    /// out of the caller's reach (checked by the probes on them and by the final read-back).</summary>
    private IsolationProbe ForeignImportProbe(ProbeKey key, string route)
    {
        var foreign = Pick(_world.Memories.Where(m => m.Scope.Tenant != key.Tenant).ToList());
        var line = System.Text.Json.JsonSerializer.Serialize(new { id = foreign.Id, memory = "Imported by a probe.", user_id = foreign.Scope.UserId ?? "ana" });
        return new(route, key, HttpMethod.Post, "/admin/import", line + "\n", key.IsAdmin ? 200 : 403, ProbeTarget.OtherTenant, ProbeView.Nothing, []);
    }

    /// <summary>A store-wide admin route (reset, re-embed, graph rebuild): the operator's alone, 403 for a tenant's admin
    /// and everyone else. Never sent with the operator key (a reset would wipe the world).</summary>
    private static IsolationProbe? OperatorOnlyProbe(ProbeKey key, string route, string path) =>
        key.Operator ? null : new(route, key, HttpMethod.Post, path, null, 403, ProbeTarget.Store, ProbeView.Nothing, []);
}
