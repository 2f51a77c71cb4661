namespace MemoryCore.Graph;

/// <summary>An entity as an extractor names it: <see cref="GraphSelf.Token"/> for the user, "USER's mother"
/// for a relative without a name (see <see cref="GraphSelf"/>), otherwise the name as written.</summary>
public sealed record ExtractedEntity(string Name, string Type);

/// <summary>A relation between two extracted entities, by name; the relationship is normalised later.</summary>
public sealed record ExtractedRelation(string Source, string Relationship, string Destination);

/// <summary>What one text says as a graph. Entities that take part in no relation are not stored.</summary>
public sealed record ExtractedGraph(IReadOnlyList<ExtractedEntity> Entities, IReadOnlyList<ExtractedRelation> Relations)
{
    public static readonly ExtractedGraph Empty = new([], []);

    /// <summary>The extractor's type for a name, or "entity" when it gave none.</summary>
    public string TypeOf(string name) =>
        Entities.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))?.Type is { Length: > 0 } type
            ? type
            : "entity";
}

/// <summary>
/// What a search query is about, as graph seeds: entity names to match against nodes, relationships of the user
/// to follow ("my mother" -> "mother": the node the user's mother edge points to), and whether the user
/// themself is a seed (a first-person question that names no relative).
/// </summary>
public sealed record GraphQuery(IReadOnlyList<string> EntityNames, IReadOnlyList<string> SelfRelations, bool AboutSelf)
{
    public static readonly GraphQuery Empty = new([], [], false);

    public bool IsEmpty => EntityNames.Count == 0 && SelfRelations.Count == 0 && !AboutSelf;
}
