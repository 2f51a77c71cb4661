using System.Text.Json.Serialization;
using MemoryCore.Graph;
using MemoryCore.Graph.Engine;

namespace MemoryApi.Apis;

// Graph memory on the wire (snake_case). Relations appear only when graph memory is on (GRAPH_STORE_PROVIDER).

/// <summary>One relation, as Mem0's graph memory returns it.</summary>
public sealed record RelationItem(string Source, string Relationship, string Destination)
{
    public static RelationItem From(GraphTriple t) => new(t.Source, t.Relationship, t.Destination);
}

/// <summary>What an add changed in the graph: relations added, and relations invalidated (kept as history, no longer current).</summary>
public sealed record AddRelations(IReadOnlyList<RelationItem> AddedEntities, IReadOnlyList<RelationItem> DeletedEntities)
{
    public static AddRelations? From(GraphChangeSummary? summary) =>
        summary is null ? null : new(summary.Added.Select(RelationItem.From).ToList(), summary.Deleted.Select(RelationItem.From).ToList());
}

/// <summary>POST /memories.</summary>
public sealed record AddMemoriesResponse(
    IReadOnlyList<AddResultItem> Results,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AddRelations? Relations);

/// <summary>POST /search.</summary>
public sealed record SearchResponse(
    IReadOnlyList<MemoryItem> Results,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<RelationItem>? Relations);

/// <summary>A stored relation with its validity, for GET /graph/relations.</summary>
public sealed record GraphRelationItem(
    Guid Id, string Source, string Relationship, string Destination, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo,
    DateTimeOffset CreatedAt, DateTimeOffset? InvalidatedAt, string? InvalidReason, IReadOnlyList<Guid> MemoryIds)
{
    public static GraphRelationItem From(GraphRelation r) =>
        new(r.EdgeId, r.Source, r.Relationship, r.Destination, r.ValidFrom, r.ValidTo, r.CreatedAt, r.InvalidatedAt, r.InvalidReason, r.MemoryIds);
}

/// <summary>POST /admin/graph/rebuild.</summary>
public sealed record GraphRebuildResponse(string Message, int Scopes, int Nodes, int Relations);
