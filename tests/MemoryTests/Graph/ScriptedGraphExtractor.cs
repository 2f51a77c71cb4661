using MemoryCore.Graph;
using MemoryCore.Graph.Extraction;

namespace MemoryTests.Graph;

/// <summary>An extractor that reads relations literally from the memory text, one "source|relationship|destination" per
/// line, so tests choose entity names exactly. Queries name entities as "a, b".</summary>
internal sealed class ScriptedGraphExtractor : IGraphExtractor
{
    public Task<IReadOnlyList<ExtractedGraph>> ExtractAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ExtractedGraph>>(texts.Select(Parse).ToList());

    public Task<GraphQuery> ExtractQueryAsync(string query, CancellationToken cancellationToken) =>
        Task.FromResult(new GraphQuery(query.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), [], false));

    private static ExtractedGraph Parse(string text)
    {
        var relations = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Select(p => new ExtractedRelation(p[0], p[1], p[2]))
            .ToList();
        var entities = relations.SelectMany(r => new[] { r.Source, r.Destination }).Distinct().Select(n => new ExtractedEntity(n, "entity")).ToList();
        return new ExtractedGraph(entities, relations);
    }
}
