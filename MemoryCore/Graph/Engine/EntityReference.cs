namespace MemoryCore.Graph.Engine;

/// <summary>What an extracted entity name refers to before it becomes a node.</summary>
internal abstract record EntityReference
{
    public static EntityReference Of(string name) =>
        GraphSelf.IsSelf(name) ? new SelfReference()
        : GraphSelf.TryParseRole(name, out var role) ? new RoleReference(role)
        : new NamedReference(name.Trim());
}

/// <summary>The scope's user ("I", "me", "USER").</summary>
internal sealed record SelfReference : EntityReference;

/// <summary>The user's relative or pet without a name ("USER's sister").</summary>
internal sealed record RoleReference(string Role) : EntityReference;

/// <summary>Anything named.</summary>
internal sealed record NamedReference(string Name) : EntityReference
{
    public string Key => Name.ToUpperInvariant();
}
