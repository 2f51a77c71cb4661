using MemoryCore.Graph;
using MemoryCore.Graph.Extraction.Heuristic;

namespace MemoryTests.Graph;

/// <summary>The offline extractor's documented patterns (docs/graph.md), one case each.</summary>
public sealed class HeuristicGraphExtractorTests
{
    public static TheoryData<string, string[]> Cases => new()
    {
        { "My mother Maria loves gardening.", ["USER -mother-> Maria", "Maria -loves-> gardening"] },
        { "My mother, Maria, loves gardening.", ["USER -mother-> Maria", "Maria -loves-> gardening"] },
        { "Tom is my caregiver.", ["USER -caregiver-> Tom"] },
        { "My sister is called Sofia.", ["USER -sister-> Sofia"] },
        { "My sister's name is Sofia.", ["USER -sister-> Sofia"] },
        { "My best friend Ana Paula lives in Porto.", ["USER -best_friend-> Ana Paula", "Ana Paula -lives_in-> Porto"] },
        { "I live in Lisbon.", ["USER -lives_in-> Lisbon"] },
        { "I moved to Rome.", ["USER -lives_in-> Rome"] },
        { "I'm allergic to peanuts.", ["USER -allergic_to-> peanuts"] },
        { "I work at the library on Mondays.", ["USER -works_at-> library"] },
        { "I like tea and coffee.", ["USER -likes-> tea", "USER -likes-> coffee"] },
        { "I don't like loud music.", ["USER -dislikes-> loud music"] },
        { "I am a nurse.", ["USER -is_a-> nurse"] },
        { "I am 34.", ["USER -age-> 34"] },
        { "I love my dog Rex.", ["USER -dog-> Rex", "USER -loves-> Rex"] },
        { "Maria works at the bakery.", ["Maria -works_at-> bakery"] },
        { "My favourite colour is blue.", ["USER -favourite_colour-> blue"] },
        { "My sister lives in Oslo.", ["USER -sister-> USER's sister", "USER's sister -lives_in-> Oslo"] },
        { "Sister Maria lives in Lisbon", ["USER -sister-> Maria", "Maria -lives_in-> Lisbon"] },
        { "Likes jasmine tea", ["USER -likes-> jasmine tea"] },
        { "I play tennis every Sunday.", ["USER -plays-> tennis"] },
        { "What time is it?", [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Extracts_the_documented_relations(string text, string[] expected)
    {
        var graph = Assert.Single(await new HeuristicGraphExtractor().ExtractAsync([text], CancellationToken.None));

        Assert.Equal(expected, graph.Relations.Select(r => $"{r.Source} -{r.Relationship}-> {r.Destination}").ToArray());
    }

    [Fact]
    public async Task Types_people_places_and_pets()
    {
        var graph = Assert.Single(await new HeuristicGraphExtractor().ExtractAsync(["My mother Maria lives in Lisbon and I love my dog Rex."], CancellationToken.None));

        Assert.Equal("person", graph.TypeOf("Maria"));
        Assert.Equal("location", graph.TypeOf("Lisbon"));
        Assert.Equal("animal", graph.TypeOf("Rex"));
        Assert.Equal("person", graph.TypeOf(GraphSelf.Token));
    }

    [Theory]
    [InlineData("What does my mother like?", new string[0], new[] { "mother" }, false)]
    [InlineData("Where does my mom live?", new[] { "live" }, new[] { "mother" }, false)]
    [InlineData("Where do I live?", new[] { "live" }, new string[0], true)]
    [InlineData("Who plays tennis?", new[] { "plays tennis", "plays", "tennis" }, new string[0], false)]
    [InlineData("What does Maria do?", new[] { "Maria" }, new string[0], false)]
    public async Task Reads_query_seeds(string query, string[] names, string[] roles, bool aboutSelf)
    {
        var terms = await new HeuristicGraphExtractor().ExtractQueryAsync(query, CancellationToken.None);

        Assert.Equal(names, terms.EntityNames.ToArray());
        Assert.Equal(roles, terms.SelfRelations.ToArray());
        Assert.Equal(aboutSelf, terms.AboutSelf);
    }

    [Theory]
    [InlineData("Lives in", "lives_in")]
    [InlineData("LIVES-IN", "lives_in")]
    [InlineData("HAS_MOTHER", "mother")]
    [InlineData("mom", "mother")]
    [InlineData("doesn't like", "dislikes")]
    [InlineData("  ", "")]
    public void Normalises_relationship_names(string raw, string expected) => Assert.Equal(expected, RelationshipName.Normalize(raw));
}
