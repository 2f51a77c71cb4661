namespace MemoryCore.Graph.Engine;

/// <summary>
/// The graph work of a write done before the scope's write lock is taken: each text's extracted relations, and the
/// entity names they mention (with the user's own node), which the caller embeds in the same embedder call as the
/// memories themselves. Under the lock the planner then only reads the graph and decides.
/// </summary>
/// <remarks>The names are those of every prepared text; the planner takes the vectors of the names the texts that are
/// actually stated mention (a verbatim duplicate states nothing).</remarks>
public sealed record PreparedGraph(IReadOnlyDictionary<string, ExtractedGraph> GraphsByText, IReadOnlyList<string> Names)
{
    /// <summary>The vectors of <see cref="Names"/>, in order (empty until embedded).</summary>
    public IReadOnlyList<ReadOnlyMemory<float>> NameVectors { get; init; } = [];

    /// <summary>Whether every stated text was prepared and its names embedded: otherwise the planner works from scratch.</summary>
    internal bool Covers(IEnumerable<StatedMemory> stated) =>
        NameVectors.Count == Names.Count && stated.All(s => GraphsByText.ContainsKey(s.Text));
}
