using MemoryCore.Retrieval;

namespace MemoryTests.Retrieval;

public sealed class FullTextQueryTests
{
    [Theory]
    [InlineData("What did Caroline's sister paint?", "caroline sister paint")]
    [InlineData("e-mail (urgent) OR \"NOT\" AND x*", "e mail urgent x")]
    [InlineData("Café ZÜRICH café", "café zürich")]
    [InlineData("the a an of", "")]
    [InlineData("🎉🎉", "")]
    [InlineData("ÉTÉ 2023", "été 2023")]
    public void Terms_are_lower_cased_words_without_stop_words_or_syntax(string text, string expected) =>
        Assert.Equal(expected, string.Join(' ', FullTextQuery.Terms(text)));

    [Fact]
    public void Terms_are_capped()
    {
        var text = string.Join(' ', Enumerable.Range(0, 500).Select(i => "w" + i));

        Assert.Equal(FullTextQuery.MaxTerms, FullTextQuery.Terms(text).Count);
    }

    [Fact]
    public void The_fts5_expression_quotes_every_term()
    {
        Assert.Equal("\"near\" OR \"x\"", FullTextQuery.ToFts5(["near", "x"]));
        Assert.Equal("\"a\"\"b\"", FullTextQuery.ToFts5(["a\"b"]));
    }
}
