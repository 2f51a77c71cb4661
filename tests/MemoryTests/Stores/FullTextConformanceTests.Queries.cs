using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Stores;

/// <summary>Full-text conformance, part two: what users type. Nothing in a query is ever syntax.</summary>
public abstract partial class FullTextConformanceTests
{
    [Theory]
    [InlineData("\"puppy")]
    [InlineData("puppy\"")]
    [InlineData("'puppy'")]
    [InlineData("puppy*")]
    [InlineData("*")]
    [InlineData("puppy AND")]
    [InlineData("OR puppy")]
    [InlineData("NOT puppy")]
    [InlineData("-puppy")]
    [InlineData("memory:puppy")]
    [InlineData("(puppy")]
    [InlineData("puppy) OR (")]
    [InlineData("NEAR(puppy biscuit, 2)")]
    [InlineData("^puppy")]
    [InlineData("puppy & !biscuit | <-> :*")]
    [InlineData("'; DROP TABLE memories; --")]
    [InlineData("\\ puppy \\\\")]
    [InlineData("{puppy} [biscuit]")]
    [InlineData("🐶 puppy 🎉")]
    [InlineData("café 東京 Ψυχή puppy")]
    public async Task Query_syntax_in_user_input_is_never_interpreted_and_never_fails(string query)
    {
        await AddAsync(Store, User("ana"), "I adopted a puppy named Biscuit.");
        await AddAsync(Store, User("ana"), "DROP memories from the table, said nobody.");

        var results = await SearchAsync(User("ana"), query);

        Assert.All(results, r => Assert.Equal("ana", r.Memory.UserId));
        Assert.Equal(2, (await Store.ListAsync(User("ana"), null, 10, null, CancellationToken.None)).Items.Count);
        if (query.Contains("puppy", StringComparison.Ordinal))
        {
            Assert.Contains(results, r => r.Memory.Memory.Contains("puppy", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!! ??? ...")]
    [InlineData("what is the")]
    public async Task A_query_without_searchable_words_finds_nothing(string query)
    {
        await AddAsync(Store, User("ana"), "What is the plan for the weekend?");

        Assert.Empty(await SearchAsync(User("ana"), query));
    }

    [Fact]
    public async Task Unicode_words_match_exactly()
    {
        await AddAsync(Store, User("ana"), "Wir trafen uns im Café in Zürich.");
        await AddAsync(Store, User("ana"), "東京 was wonderful.");

        Assert.Single(await SearchAsync(User("ana"), "café"));
        Assert.Single(await SearchAsync(User("ana"), "東京"));
    }
}
