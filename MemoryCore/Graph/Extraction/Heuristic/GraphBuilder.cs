namespace MemoryCore.Graph.Extraction.Heuristic;

/// <summary>Collects the entities and relations of one text, each once, relationships normalised.</summary>
internal sealed class GraphBuilder
{
    private readonly List<ExtractedEntity> _entities = [];
    private readonly List<ExtractedRelation> _relations = [];
    private readonly HashSet<string> _relationKeys = new(StringComparer.OrdinalIgnoreCase);

    public void Entity(string name, string type)
    {
        var existing = _entities.FindIndex(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        if (existing < 0)
        {
            _entities.Add(new ExtractedEntity(name, type));
        }
        else if (_entities[existing].Type is "concept" or "entity" && type is not ("concept" or "entity"))
        {
            _entities[existing] = new ExtractedEntity(_entities[existing].Name, type); // a more specific type wins
        }
    }

    /// <summary>Adds source -[relationship]-> destination; the destination gets <paramref name="destinationType"/>.</summary>
    public void Relate(string source, string relationship, string destination, string destinationType)
    {
        var normalized = RelationshipName.Normalize(relationship);
        source = source.Trim();
        destination = destination.Trim();
        if (normalized.Length == 0 || source.Length == 0 || destination.Length == 0 || string.Equals(source, destination, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        Entity(destination, destinationType);
        if (_relationKeys.Add($"{source}\u0001{normalized}\u0001{destination}"))
        {
            _relations.Add(new ExtractedRelation(source, normalized, destination));
        }
    }

    public ExtractedGraph Build() => new([.. _entities], [.. _relations]);
}
