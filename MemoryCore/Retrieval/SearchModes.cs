namespace MemoryCore.Retrieval;

/// <summary>The wire names of <see cref="SearchMode"/> and the signals each mode runs.</summary>
public static class SearchModes
{
    public const string GraphSignal = "graph";

    public static readonly IReadOnlyList<string> Names = ["vector", "fulltext", "hybrid", "graph"];

    /// <summary>Parses a wire name (case-insensitive); throws a validation error naming the valid ones.</summary>
    public static SearchMode Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "vector" => SearchMode.Vector,
        "fulltext" => SearchMode.FullText,
        "hybrid" => SearchMode.Hybrid,
        "graph" => SearchMode.Graph,
        _ => throw new MemoryValidationException(ValidationFailure.Invalid, $"mode must be one of {string.Join(", ", Names)}."),
    };

    public static string Name(SearchMode mode) => Names[(int)mode];

    /// <summary>The signals a mode asks for; graph is hybrid plus the graph signal when one is registered.</summary>
    public static IReadOnlyList<string> Signals(SearchMode mode) => mode switch
    {
        SearchMode.Vector => [VectorSignal.SignalName],
        SearchMode.FullText => [FullTextSignal.SignalName],
        SearchMode.Hybrid => [VectorSignal.SignalName, FullTextSignal.SignalName],
        SearchMode.Graph => [VectorSignal.SignalName, FullTextSignal.SignalName, GraphSignal],
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>Whether the query must be embedded for this mode (every mode but full-text).</summary>
    public static bool NeedsVector(SearchMode mode) => mode != SearchMode.FullText;
}
