using MemoryCore.Extraction.Heuristic;

namespace MemoryTests.Heuristics;

public sealed class SentenceAndClauseSplitterTests
{
    [Theory]
    [InlineData("Hi! I'm Ana. What's up?", new[] { "Hi!", "I'm Ana.", "What's up?" })]
    [InlineData("Really?! Yes...   I live here", new[] { "Really?!", "Yes...", "I live here" })]
    [InlineData("My doctor is Dr. Smith. She is nice.", new[] { "My doctor is Dr. Smith.", "She is nice." })]
    [InlineData("I weigh 72.5 kg; I run daily\nI'm Ana", new[] { "I weigh 72.5 kg", "I run daily", "I'm Ana" })]
    [InlineData("hi. my name is ana. i live in lisbon", new[] { "hi.", "my name is ana.", "i live in lisbon" })]
    [InlineData("So do I. I live in Oslo.", new[] { "So do I.", "I live in Oslo." })]
    [InlineData("   ", new string[0])]
    public void Sentences_end_at_terminators_but_not_at_abbreviations_or_decimals(string text, string[] expected)
    {
        Assert.Equal(expected, SentenceSplitter.Split(text));
    }

    [Theory]
    [InlineData("I'm Ana and I live in Lisbon", new[] { "I'm Ana", "I live in Lisbon" })]
    [InlineData("I like tea, but I don't like coffee", new[] { "I like tea", "I don't like coffee" })]
    [InlineData("I'm Ana, I'm 34 and I'm a nurse", new[] { "I'm Ana", "I'm 34", "I'm a nurse" })]
    [InlineData("My name is Ana and I live in Lisbon", new[] { "My name is Ana", "I live in Lisbon" })]
    [InlineData("My sister and I live in Oslo", new[] { "My sister and I live in Oslo" })]
    [InlineData("When I was young, I lived in Paris", new[] { "When I was young, I lived in Paris" })]
    [InlineData("I like bread and ice cream", new[] { "I like bread and ice cream" })]
    public void Clauses_split_only_between_complete_first_person_statements(string sentence, string[] expected)
    {
        Assert.Equal(expected, ClauseSplitter.Split(sentence));
    }
}
