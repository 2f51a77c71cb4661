using MemoryTests.Infrastructure;

namespace MemoryTests.Api;

/// <summary>
/// The service as shipped, with no keys and no embedding settings at all, finds what was said from a question that
/// shares no content word with it. This is the only API test class on the default (local model) embedder; the
/// others choose the hashing embedder for speed.
/// </summary>
public sealed class ParaphraseSearchTests : MemoryApiTestBase
{
    private static readonly string[] Memories =
    [
        "Quiet evenings with soft music help me relax.",
        "I bought a new car last week.",
        "My sister lives in Berlin.",
        "I work as a nurse at the children's hospital.",
        "I am allergic to peanuts.",
        "We adopted a puppy in March.",
    ];

    protected override TestStore CreateTestStore() => new SqliteTestStore();

    /// <summary>Every embedding setting removed: the service's own default.</summary>
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Embeddings:Provider"] = null,
        ["Embeddings:Dimensions"] = null,
    };

    [Theory]
    [InlineData("What does the user find calming?", "Quiet evenings with soft music help me relax.")]
    [InlineData("Which vehicle did I purchase recently?", "I bought a new car last week.")]
    [InlineData("Where is my sibling based?", "My sister lives in Berlin.")]
    [InlineData("What is my profession?", "I work as a nurse at the children's hospital.")]
    [InlineData("What food should I avoid?", "I am allergic to peanuts.")]
    [InlineData("Do I have a pet?", "We adopted a puppy in March.")]
    public async Task The_default_service_finds_a_paraphrase_first(string question, string said)
    {
        await AddAsync(new { messages = Memories.Select(m => new { role = "user", content = m }).ToArray(), user_id = "ana", infer = false });

        var results = await SearchAsync(new { query = question, user_id = "ana", limit = 3 });

        Assert.Equal(said, results[0].Str("memory"));
    }
}
