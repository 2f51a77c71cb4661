namespace MemoryCore.Graph.Extraction;

/// <summary>Turns memory texts into entities and relations, and a search query into graph seeds.</summary>
public interface IGraphExtractor
{
    /// <summary>One graph per text, in order. Self-references ("I", "my") are written as <see cref="GraphSelf.Token"/>.</summary>
    Task<IReadOnlyList<ExtractedGraph>> ExtractAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);

    /// <summary>The entities and the user's relationships a search query is about.</summary>
    Task<GraphQuery> ExtractQueryAsync(string query, CancellationToken cancellationToken);
}

/// <summary>A relation shown to a contradiction detector: names for reading, ids for comparing.</summary>
public sealed record RelationFact(Guid SourceId, string Source, string Relationship, Guid DestinationId, string Destination)
{
    public override string ToString() => $"{Source} -[{Relationship}]-> {Destination}";
}

/// <summary>Decides which current relations new ones contradict or make outdated ("lives in Paris" after "lives in Rome").</summary>
public interface IContradictionDetector
{
    /// <summary>Indexes into <paramref name="existing"/> of the relations to invalidate.</summary>
    Task<IReadOnlyList<int>> FindContradictedAsync(IReadOnlyList<RelationFact> added, IReadOnlyList<RelationFact> existing, CancellationToken cancellationToken);
}
