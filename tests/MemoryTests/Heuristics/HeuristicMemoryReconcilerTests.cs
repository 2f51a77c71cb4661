using MemoryCore.Extraction;
using MemoryCore.Extraction.Heuristic;
using MemoryCore.Model;
using static MemoryTests.Heuristics.HeuristicTestData;

namespace MemoryTests.Heuristics;

public sealed class HeuristicMemoryReconcilerTests
{
    [Fact]
    public async Task A_fact_without_candidates_is_added_verbatim()
    {
        var decision = await DecideOneAsync(Fact("I am allergic to peanuts."));

        Assert.Equal(new MemoryDecision(0, MemoryEvent.Add, null, "I am allergic to peanuts."), decision);
    }

    [Fact]
    public async Task The_same_text_in_other_case_and_punctuation_is_none_with_the_duplicate_as_target()
    {
        var stored = Stored("i am allergic to peanuts", 0.6);

        var decision = await DecideOneAsync(Fact("I am allergic to peanuts.", Stored("I like tea.", 0.7), stored));

        Assert.Equal(MemoryEvent.None, decision.Event);
        Assert.Equal(stored.Memory.Id, decision.TargetId);
    }

    [Fact]
    public async Task A_score_at_the_duplicate_threshold_is_none()
    {
        var stored = Stored("I really love hiking in the mountains on weekends.", 0.93);

        var decision = await DecideOneAsync(Fact("I love hiking in the mountains at weekends.", stored));

        Assert.Equal(MemoryEvent.None, decision.Event);
        Assert.Equal(stored.Memory.Id, decision.TargetId);
    }

    [Fact]
    public async Task The_duplicate_threshold_is_configurable()
    {
        var stored = Stored("I love hiking in the mountains on weekends.", 0.93);

        var decision = await DecideOneAsync(Fact("I love hiking in the alps at weekends.", stored), new HeuristicMemoryReconciler(duplicateThreshold: 0.95));

        Assert.Equal(MemoryEvent.Add, decision.Event);
    }

    [Fact]
    public async Task Texts_made_only_of_filler_words_are_not_the_same_claim()
    {
        var decision = await DecideOneAsync(Fact("Really, honestly!", Stored("Actually, just now.", 0.2)));

        Assert.Equal(MemoryEvent.Add, decision.Event);
    }

    [Fact]
    public async Task A_paraphrase_with_emphasis_words_is_none()
    {
        var stored = Stored("I like dogs.", 0.7);

        var decision = await DecideOneAsync(Fact("I really love dogs!", stored));

        Assert.Equal(MemoryEvent.None, decision.Event);
        Assert.Equal(stored.Memory.Id, decision.TargetId);
    }

    [Theory]
    [InlineData("My favourite colour is blue.", "My favourite colour is green.")]
    [InlineData("My favorite color is blue.", "My favourite colour is green.")]
    [InlineData("I live in Paris.", "I live in Rome.")]
    [InlineData("I live in Paris.", "I moved to Rome.")]
    [InlineData("I live in Paris.", "I now live in Rome.")]
    [InlineData("I work at the bakery.", "I work at the library.")]
    [InlineData("I work as a nurse.", "I'm working as a teacher.")]
    [InlineData("My name is Ana.", "My name is Ana Silva.")]
    [InlineData("My name is Ana.", "Call me Annie.")]
    [InlineData("I am 34 years old.", "I'm 35.")]
    [InlineData("My sister is called Anna.", "My sister's name is Anne.")]
    [InlineData("My sister Anna lives in Oslo.", "Anna lives in Bergen.")]
    [InlineData("Maria works at the bakery.", "Maria works at the town hall.")]
    [InlineData("My sister is a nurse.", "My sister is a teacher.")]
    [InlineData("I like dogs.", "I don't like dogs.")]
    [InlineData("I like dogs.", "I no longer like dogs.")]
    [InlineData("I like dogs.", "I hate dogs.")]
    [InlineData("I don't like dogs anymore.", "I like dogs again.")]
    [InlineData("I am vegetarian.", "I'm not vegetarian any more.")]
    [InlineData("I have never been to Japan.", "I have been to Japan.")]
    public async Task A_changed_value_of_the_same_subject_updates_the_old_memory(string old, string fact)
    {
        var stored = Stored(old, 0.62);

        var decision = await DecideOneAsync(Fact(fact, Stored("I drink coffee every morning.", 0.7), stored));

        Assert.Equal(MemoryEvent.Update, decision.Event);
        Assert.Equal(stored.Memory.Id, decision.TargetId);
        Assert.Equal(fact, decision.Text);
    }

    [Theory]
    [InlineData("I like tea.", "I like coffee.")]
    [InlineData("I am allergic to peanuts.", "I am allergic to shellfish.")]
    [InlineData("I speak Portuguese.", "I speak French.")]
    [InlineData("My sister is a nurse.", "My sister is pregnant.")]
    [InlineData("My sister is allergic to cats.", "My sister is married to Tom.")]
    [InlineData("I live in Paris.", "I don't live in Rome.")]
    [InlineData("My sister lives in Oslo.", "My brother lives in Bergen.")]
    [InlineData("I work at the bakery.", "I work as a baker.")]
    [InlineData("Tom is my caregiver.", "Tom is my neighbour.")]
    public async Task Multi_valued_or_unrelated_statements_are_added(string old, string fact)
    {
        var decision = await DecideOneAsync(Fact(fact, Stored(old, 0.75)));

        Assert.Equal(new MemoryDecision(0, MemoryEvent.Add, null, fact), decision);
    }

    [Fact]
    public async Task The_same_value_said_differently_is_none()
    {
        var stored = Stored("I live in Paris.", 0.8);

        var decision = await DecideOneAsync(Fact("I moved to Paris.", stored));

        Assert.Equal(MemoryEvent.None, decision.Event);
        Assert.Equal(stored.Memory.Id, decision.TargetId);
    }

    [Fact]
    public async Task A_less_detailed_value_does_not_replace_a_more_detailed_one()
    {
        var stored = Stored("I live in Paris with my wife.", 0.8);

        var decision = await DecideOneAsync(Fact("I live in Paris.", stored));

        Assert.Equal(MemoryEvent.None, decision.Event);
        Assert.Equal(stored.Memory.Id, decision.TargetId);
    }

    [Fact]
    public async Task Every_fact_gets_exactly_one_decision_in_order_and_targets_only_its_candidates()
    {
        var paris = Stored("I live in Paris.", 0.7);
        var tea = Stored("I like tea.", 0.95);
        var facts = new[]
        {
            new FactCandidates(0, "I live in Rome.", [paris]),
            new FactCandidates(1, "I like tea.", [tea]),
            new FactCandidates(2, "I have a cat.", []),
            new FactCandidates(3, "Forget: I smoke.", [Stored("I like tea.", 0.1)]),
        };

        var decisions = await new HeuristicMemoryReconciler().DecideAsync(facts, TestContext.Current.CancellationToken);

        Assert.Equal([0, 1, 2, 3], decisions.Select(d => d.FactIndex));
        Assert.Equal([MemoryEvent.Update, MemoryEvent.None, MemoryEvent.Add, MemoryEvent.None], decisions.Select(d => d.Event));
        Assert.Equal(paris.Memory.Id, decisions[0].TargetId);
        Assert.Equal(tea.Memory.Id, decisions[1].TargetId);
        Assert.Null(decisions[2].TargetId);
        Assert.Null(decisions[3].TargetId);
    }

    [Fact]
    public async Task An_update_prefers_the_closest_memory_of_the_slot()
    {
        var older = Stored("I live in Lyon.", 0.5);
        var closer = Stored("I live in Paris.", 0.7);

        var decision = await DecideOneAsync(Fact("I live in Rome.", older, closer));

        Assert.Equal(closer.Memory.Id, decision.TargetId);
    }

    [Fact]
    public async Task Decisions_are_deterministic()
    {
        var facts = new[] { new FactCandidates(0, "I live in Rome.", [Stored("I live in Paris.", 0.7), Stored("I live in Lyon.", 0.7)]) };
        var reconciler = new HeuristicMemoryReconciler();

        var first = await reconciler.DecideAsync(facts, TestContext.Current.CancellationToken);
        var second = await reconciler.DecideAsync(facts, TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
        Assert.Equal(facts[0].Candidates[0].Memory.Id, first[0].TargetId);
    }

    [Theory]
    [InlineData(-0.1, 0.5)]
    [InlineData(1.1, 0.5)]
    [InlineData(0.9, -0.1)]
    [InlineData(0.9, 1.5)]
    public void Thresholds_outside_zero_to_one_are_rejected(double duplicate, double delete)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HeuristicMemoryReconciler(duplicate, delete));
    }
}
