using MemoryCore.Engine;
using MemoryCore.Extraction;
using MemoryCore.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemoryTests.Engine;

/// <summary>The engine does not trust the reconciler: these are the guarantees it adds on top.</summary>
public sealed class DecisionPlannerTests
{
    private static readonly MemoryRecord Paris = Record("I live in Paris.");
    private static readonly MemoryRecord Tea = Record("I like tea.");
    private readonly DecisionPlanner _planner = new(NullLogger.Instance);

    [Fact]
    public void A_fact_without_a_decision_is_added_not_dropped()
    {
        var steps = _planner.Plan([Fact(0, "I live in Rome.", Paris), Fact(1, "I have a cat.")], [new MemoryDecision(0, MemoryEvent.Update, Paris.Id, null)]);

        Assert.Equal([(MemoryEvent.Update, "I live in Rome."), (MemoryEvent.Add, "I have a cat.")], steps.Select(s => (s.Event, s.Text)));
    }

    [Fact]
    public void An_update_of_a_memory_that_is_not_a_candidate_becomes_an_add()
    {
        var stranger = Guid.NewGuid();

        var step = Assert.Single(_planner.Plan([Fact(0, "I live in Rome.", Tea)], [new MemoryDecision(0, MemoryEvent.Update, stranger, "I live in Rome.")]));

        Assert.Equal((MemoryEvent.Add, null), (step.Event, step.Target));
    }

    [Fact]
    public void A_delete_of_an_unknown_memory_is_ignored()
    {
        Assert.Empty(_planner.Plan([Fact(0, "Forget: tea.", Tea)], [new MemoryDecision(0, MemoryEvent.Delete, Guid.NewGuid(), null)]));
    }

    [Fact]
    public void One_memory_is_changed_at_most_once_per_add()
    {
        var steps = _planner.Plan(
            [Fact(0, "I live in Rome.", Paris), Fact(1, "I live in Milan.", Paris)],
            [new MemoryDecision(0, MemoryEvent.Update, Paris.Id, null), new MemoryDecision(1, MemoryEvent.Update, Paris.Id, null)]);

        Assert.Equal([MemoryEvent.Update, MemoryEvent.Add], steps.Select(s => s.Event));
    }

    [Fact]
    public void Decisions_for_facts_that_do_not_exist_are_ignored_and_duplicates_use_the_first()
    {
        var steps = _planner.Plan(
            [Fact(0, "I have a cat.")],
            [new MemoryDecision(5, MemoryEvent.Add, null, "invented"), new MemoryDecision(0, MemoryEvent.None, null, null), new MemoryDecision(0, MemoryEvent.Add, null, null)]);

        Assert.Empty(steps);
    }

    [Fact]
    public void Adding_text_that_a_candidate_already_holds_is_none_and_repeats_in_one_request_are_added_once()
    {
        var steps = _planner.Plan(
            [Fact(0, "I like tea.", Tea), Fact(1, "I have a cat."), Fact(2, "I have a cat!")],
            [new MemoryDecision(0, MemoryEvent.Add, null, null), new MemoryDecision(1, MemoryEvent.Add, null, null), new MemoryDecision(2, MemoryEvent.Add, null, "I have a cat.")]);

        Assert.Equal("I have a cat.", Assert.Single(steps).Text);
    }

    [Fact]
    public void An_update_to_the_same_text_is_none()
    {
        Assert.Empty(_planner.Plan([Fact(0, "I like tea.", Tea)], [new MemoryDecision(0, MemoryEvent.Update, Tea.Id, "I like tea.")]));
    }

    private static FactCandidates Fact(int index, string text, params MemoryRecord[] candidates) =>
        new(index, text, candidates.Select(c => new ScoredMemory(c, 0.8)).ToList());

    private static MemoryRecord Record(string text) =>
        new(Guid.NewGuid(), text, MemoryHash.Compute(text), MetadataJson.Empty, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "ana", null, null);
}
