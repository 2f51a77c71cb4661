using MemoryCore.Extraction.Heuristic;

namespace MemoryCore.Graph.Extraction.Heuristic;

/// <summary>
/// Offline entity and relation extraction from English memory texts, by fixed patterns (docs/graph.md lists them):
/// "My mother Maria loves gardening" -> (user)-[mother]->(Maria), (Maria)-[loves]->(gardening);
/// "Tom is my caregiver" -> (user)-[caregiver]->(Tom); "I live in Lisbon" -> (user)-[lives_in]->(Lisbon);
/// "Maria works at the bakery" -> (Maria)-[works_at]->(bakery).
/// </summary>
/// <remarks>
/// No pronoun resolution beyond I/me/my (a "she" is dropped), no coreference between different names, English only,
/// names are capitalised words. It is deterministic, so tests and key-less installs get a real, predictable graph.
/// </remarks>
public sealed class HeuristicGraphExtractor : IGraphExtractor
{
    public Task<IReadOnlyList<ExtractedGraph>> ExtractAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var graphs = new List<ExtractedGraph>(texts.Count);
        foreach (var text in texts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            graphs.Add(Extract(text));
        }

        return Task.FromResult<IReadOnlyList<ExtractedGraph>>(graphs);
    }

    public Task<GraphQuery> ExtractQueryAsync(string query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Task.FromResult(QueryTermsParser.Parse(query));
    }

    internal static ExtractedGraph Extract(string text)
    {
        var graph = new GraphBuilder();
        foreach (var sentence in SentenceSplitter.Split(text))
        {
            foreach (var clause in ClauseSplitter.Split(sentence))
            {
                var tokens = GraphTokens.Of(clause);
                if (tokens.Count < 2)
                {
                    continue;
                }

                if (SubjectParser.Parse(tokens, graph, out var next) is { } subject)
                {
                    PredicateParser.Parse(tokens, next, subject, graph);
                }
            }
        }

        return graph.Build();
    }
}
