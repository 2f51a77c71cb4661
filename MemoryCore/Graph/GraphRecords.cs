using MemoryCore.Model;

namespace MemoryCore.Graph;

/// <summary>An entity stored in one exact scope. <see cref="IsSelf"/> marks the scope's user.</summary>
public sealed record GraphNode(Guid Id, MemoryScope Scope, string Name, string Type, bool IsSelf, DateTimeOffset CreatedAt);

/// <summary>
/// A stored relation, bi-temporal: <see cref="ValidFrom"/>/<see cref="ValidTo"/> say when it held (valid time),
/// <see cref="CreatedAt"/>/<see cref="InvalidatedAt"/> when the store learned and retracted it (transaction time).
/// A current relation has no <see cref="ValidTo"/>. <see cref="MemoryIds"/> are the memories that state it.
/// </summary>
public sealed record GraphRelation(
    Guid EdgeId,
    Guid SourceId,
    string Source,
    string Relationship,
    Guid DestinationId,
    string Destination,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo,
    DateTimeOffset CreatedAt,
    DateTimeOffset? InvalidatedAt,
    string? InvalidReason,
    IReadOnlyList<Guid> MemoryIds)
{
    public bool IsCurrent => ValidTo is null;

    public GraphTriple Triple => new(Source, Relationship, Destination);
}

/// <summary>A relation as the API shows it.</summary>
public sealed record GraphTriple(string Source, string Relationship, string Destination);

/// <summary>A relation found by a neighbourhood walk: how many hops from a seed, and how well the seed matched the query.</summary>
public sealed record NeighbourhoodRelation(GraphRelation Relation, int Depth, double SeedScore);

/// <summary>The best existing node for one entity vector, at or above the merge threshold.</summary>
public sealed record NodeMatch(GraphNode Node, double Similarity);

/// <summary>Why a relation stopped being current.</summary>
public static class InvalidReasons
{
    /// <summary>A newer relation contradicts it or makes it outdated.</summary>
    public const string Contradicted = "contradicted";

    /// <summary>Every memory that stated it was deleted or rewritten.</summary>
    public const string Unsupported = "unsupported";
}
