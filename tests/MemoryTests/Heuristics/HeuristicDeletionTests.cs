using MemoryCore.Extraction;
using MemoryCore.Extraction.Heuristic;
using MemoryCore.Model;
using static MemoryTests.Heuristics.HeuristicTestData;

namespace MemoryTests.Heuristics;

/// <summary>Deletion requests ("Forget: ...") in <see cref="HeuristicMemoryReconciler"/>.</summary>
public sealed class HeuristicDeletionTests
{
    [Fact]
    public async Task A_deletion_request_deletes_the_memory_it_states()
    {
        var paris = Stored("I live in Paris.", 0.55);

        var decision = await DecideOneAsync(Fact("Forget: I live in Paris.", Stored("I like Paris in spring.", 0.6), paris));

        Assert.Equal(new MemoryDecision(0, MemoryEvent.Delete, paris.Memory.Id, null), decision);
    }

    [Fact]
    public async Task A_loose_deletion_request_deletes_the_best_candidate_above_the_threshold()
    {
        var job = Stored("I work at the bank.", 0.64);

        var decision = await DecideOneAsync(Fact("Forget: My old job at the bank.", Stored("I like tea.", 0.2), job));

        Assert.Equal(MemoryEvent.Delete, decision.Event);
        Assert.Equal(job.Memory.Id, decision.TargetId);
    }

    [Fact]
    public async Task A_deletion_request_without_a_close_candidate_is_none_without_target()
    {
        var decision = await DecideOneAsync(Fact("Forget: My old job at the bank.", Stored("I like tea.", 0.45)));

        Assert.Equal(new MemoryDecision(0, MemoryEvent.None, null, null), decision);
    }

    [Fact]
    public async Task A_deletion_request_never_deletes_another_value_of_the_same_slot()
    {
        var decision = await DecideOneAsync(Fact("Forget: I live in Paris.", Stored("I live in Rome.", 0.8)));

        Assert.Equal(MemoryEvent.None, decision.Event);
        Assert.Null(decision.TargetId);
    }

    [Theory]
    [InlineData("Forget: Where I live.", "I live in Paris.")]
    [InlineData("Forget: Where I work.", "I'm working for Contoso.")]
    [InlineData("Forget: How old I am.", "I am 34 years old.")]
    [InlineData("Forget: My favourite colour.", "My favorite color is blue.")]
    [InlineData("Forget: My sister's name.", "My sister is called Anna.")]
    [InlineData("Forget: My name.", "My name is Ana.")]
    public async Task A_deletion_request_naming_a_slot_deletes_its_value_even_with_a_low_score(string request, string stored)
    {
        var memory = Stored(stored, 0.3);

        var decision = await DecideOneAsync(Fact(request, Stored("I like tea.", 0.35), memory));

        Assert.Equal(new MemoryDecision(0, MemoryEvent.Delete, memory.Memory.Id, null), decision);
    }

    [Fact]
    public async Task The_delete_threshold_is_configurable()
    {
        var job = Stored("I work at the bank.", 0.64);

        var decision = await DecideOneAsync(Fact("Forget: My old job at the bank.", job), new HeuristicMemoryReconciler(deleteThreshold: 0.7));

        Assert.Equal(MemoryEvent.None, decision.Event);
    }
}
