using MemoryCore.Extraction.Heuristic;

namespace MemoryTests.Heuristics;

public sealed class PropositionAndSubjectKeyTests
{
    [Theory]
    [InlineData("I don't like dogs anymore.", "i like dog", true)]
    [InlineData("I like dogs again.", "i like dog", false)]
    [InlineData("I do not like dogs", "i like dog", true)]
    [InlineData("I no longer like dogs", "i like dog", true)]
    [InlineData("I really love dogs!", "i like dog", false)]
    [InlineData("I dislike dogs", "i like dog", true)]
    [InlineData("I can't swim", "i can swim", true)]
    [InlineData("She doesn't eat meat", "she eat meat", true)]
    [InlineData("I’m not vegetarian", "i am vegetarian", true)]
    [InlineData("It's not that I don't like dogs", "it is that i like dog", false)]
    public void Propositions_separate_the_claim_from_its_polarity(string statement, string text, bool negated)
    {
        Assert.Equal(new Proposition(text, negated), Proposition.Of(statement));
    }

    [Theory]
    [InlineData("My name is Ana Silva.", "i", "called", "ana silva")]
    [InlineData("I'm called Ana.", "i", "called", "ana")]
    [InlineData("My sister's name is Anna.", "my sister", "called", "anna")]
    [InlineData("My sister is called Anna.", "my sister", "called", "anna")]
    [InlineData("I am 34 years old.", "i", "age", "34")]
    [InlineData("My daughter is 5.", "my daughter", "age", "5")]
    [InlineData("I moved to Rome.", "i", "live in", "rome")]
    [InlineData("We are living in Porto.", "we", "live in", "porto")]
    [InlineData("I'm originally from Brazil.", "i", "from", "brazil")]
    [InlineData("Maria works at the bakery.", "maria", "work at", "the bakery")]
    [InlineData("I work as a nurse.", "i", "work as", "a nurse")]
    [InlineData("I was born in 1990.", "i", "born in", "1990")]
    [InlineData("My favorite color is blue.", "my favourite colour", "is", "blue")]
    [InlineData("Our dog is a beagle.", "our dog", "is", "a beagle")]
    public void Single_valued_predicates_have_a_subject_key(string statement, string subject, string predicate, string value)
    {
        Assert.Equal(new SubjectKey(subject, predicate, value), SubjectKey.Of(Proposition.Of(statement)));
    }

    [Theory]
    [InlineData("I like tea.")]
    [InlineData("I am allergic to peanuts.")]
    [InlineData("My sister is allergic to cats.")]
    [InlineData("I have two cats.")]
    [InlineData("Tom is my caregiver.")]
    [InlineData("When I was young my family lived in Paris.")]
    public void Multi_valued_predicates_have_no_subject_key(string statement)
    {
        Assert.Null(SubjectKey.Of(Proposition.Of(statement)));
    }

    [Fact]
    public void A_named_relative_and_the_bare_name_are_the_same_subject()
    {
        var relative = SubjectKey.Of(Proposition.Of("My sister Anna lives in Oslo."))!;
        var name = SubjectKey.Of(Proposition.Of("Anna lives in Bergen."))!;
        var other = SubjectKey.Of(Proposition.Of("Tom lives in Bergen."))!;

        Assert.True(relative.SameSlot(name));
        Assert.True(name.SameSlot(relative));
        Assert.False(relative.SameSlot(other));
    }
}
