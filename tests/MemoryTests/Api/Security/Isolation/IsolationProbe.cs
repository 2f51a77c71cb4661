namespace MemoryTests.Api.Security.Isolation;

/// <summary>Where a probe aims, relative to its key: for the per-outcome counts.</summary>
public enum ProbeTarget
{
    /// <summary>Something the key may reach (its tenant, an allowed person).</summary>
    Own,

    /// <summary>Its tenant, but a person (or agent/run-only owner) outside a restricted key's reach.</summary>
    OtherPerson,

    /// <summary>Another tenant's memory, event or key (ids may collide: "ana" lives in every tenant).</summary>
    OtherTenant,

    /// <summary>An id nothing has.</summary>
    Unknown,

    /// <summary>A listing with no target (entities, turn scopes, keys).</summary>
    Listing,

    /// <summary>The whole store (reset, re-embed, graph rebuild).</summary>
    Store,
}

/// <summary>What a probe's answer may show: the memories whose tokens may appear, and the key names.</summary>
public sealed record ProbeView(Func<SeededMemory, bool> Memories, Func<SeededKeyName, bool> KeyNames)
{
    public static readonly ProbeView Nothing = new(_ => false, _ => false);

    public static ProbeView Of(Func<SeededMemory, bool> memories) => new(memories, _ => false);
}

/// <summary>
/// One request and what the tenant model says of it: the exact status, what the body may show (any other seeded
/// token in it is a leak) and the tokens it must show (so a route that answers nothing cannot pass for isolated).
/// </summary>
public sealed record IsolationProbe(
    string Route,
    ProbeKey Key,
    HttpMethod Method,
    string Path,
    object? Body,
    int Expected,
    ProbeTarget Target,
    ProbeView View,
    IReadOnlyList<string> MustShow)
{
    public override string ToString() =>
        $"{Method} {Path}{(Body is null ? string.Empty : " " + System.Text.Json.JsonSerializer.Serialize(Body))} with key {Key.Label} ({Target}), expected {Expected}";
}
