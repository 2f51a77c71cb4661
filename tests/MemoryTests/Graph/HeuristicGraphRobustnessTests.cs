using MemoryCore.Graph;
using MemoryCore.Graph.Extraction.Heuristic;

namespace MemoryTests.Graph;

/// <summary>Odd input never throws and never yields an unusable relation.</summary>
public sealed class HeuristicGraphRobustnessTests
{
    public static TheoryData<string> Texts => new()
    {
        "", " ", ".", "My", "My mother.", "I", "I am", "I'm not.", "Maria", "My sister's", "and and and", "I like and.",
        "I… really… love… it!!!", "my MOTHER maria LOVES gardening", "I love my", "Tom is my", "My name is", "I am 34 years old and I live in Rome, Italy.",
        "Ich wohne in Berlin.", "I like " + string.Join(' ', Enumerable.Repeat("very", 500)) + " long things.",
        "My best friend's dog Rex likes cheese.", "I'm allergic to cats, dogs and horses.", "🙂 I like emoji 🙂",
        "I don't not like tea.", "I can't.", "My sister Sofia.", "Sofia is my sister and Maria is my mother.",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task Never_throws_and_only_yields_well_formed_relations(string text)
    {
        var graph = Assert.Single(await new HeuristicGraphExtractor().ExtractAsync([text], CancellationToken.None));
        var query = await new HeuristicGraphExtractor().ExtractQueryAsync(text, CancellationToken.None);

        Assert.All(graph.Relations, r =>
        {
            Assert.Equal(RelationshipName.Normalize(r.Relationship), r.Relationship);
            Assert.NotEqual(string.Empty, r.Relationship);
            Assert.False(string.IsNullOrWhiteSpace(r.Source));
            Assert.False(string.IsNullOrWhiteSpace(r.Destination));
            Assert.NotEqual(r.Source, r.Destination, StringComparer.OrdinalIgnoreCase);
        });
        Assert.True(query.EntityNames.Count <= 12);
    }
}
