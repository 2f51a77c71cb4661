using DistillationWorker.Distillers.Heuristic;

namespace DistillationWorker.Tests.Heuristics;

public sealed class SimpleStemmerTests
{
    [Theory]
    [InlineData("swimming", "swim")]
    [InlineData("swims", "swim")]
    [InlineData("swim", "swim")]
    [InlineData("running", "run")]
    [InlineData("painted", "paint")]
    [InlineData("painting", "paint")]
    [InlineData("dance", "danc")]
    [InlineData("dancing", "danc")]
    [InlineData("dances", "danc")]
    [InlineData("hobbies", "hobby")]
    [InlineData("glasses", "glass")]
    [InlineData("boxes", "box")]
    [InlineData("bus", "bus")]
    [InlineData("need", "need")]
    [InlineData("falling", "fall")]
    [InlineData("cat", "cat")]
    public void Strips_simple_suffixes(string word, string stem) => Assert.Equal(stem, SimpleStemmer.Stem(word));

    [Fact]
    public void Irregular_forms_stay_apart() => Assert.NotEqual(SimpleStemmer.Stem("swim"), SimpleStemmer.Stem("swam"));
}
