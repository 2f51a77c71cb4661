using System.Text.Json;
using MemoryCore.Extraction;
using MemoryCore.Extraction.Heuristic;
using MemoryCore.Model;

namespace MemoryTests.Heuristics;

/// <summary>Builders shared by the heuristic extractor and reconciler tests.</summary>
internal static class HeuristicTestData
{
    public static ScoredMemory Stored(string text, double score) =>
        new(
            new MemoryRecord(
                Guid.NewGuid(),
                text,
                "hash-" + text.GetHashCode(StringComparison.Ordinal),
                new Dictionary<string, JsonElement>(),
                DateTimeOffset.UtcNow,
                DateTimeOffset.UtcNow,
                "u1",
                null,
                null),
            score);

    public static FactCandidates Fact(string fact, params ScoredMemory[] candidates) => new(0, fact, candidates);

    public static async Task<MemoryDecision> DecideOneAsync(FactCandidates fact, HeuristicMemoryReconciler? reconciler = null)
    {
        var decisions = await (reconciler ?? new HeuristicMemoryReconciler()).DecideAsync([fact], TestContext.Current.CancellationToken);
        return Assert.Single(decisions);
    }

    public static Task<IReadOnlyList<string>> ExtractAsync(bool includeAgentFacts, params ChatTurn[] turns) =>
        new HeuristicFactExtractor().ExtractAsync(turns, includeAgentFacts, TestContext.Current.CancellationToken);

    public static Task<IReadOnlyList<string>> ExtractUserAsync(string content) =>
        ExtractAsync(false, new ChatTurn("user", content));
}
