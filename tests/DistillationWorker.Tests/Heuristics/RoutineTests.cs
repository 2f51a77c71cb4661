using DistillationWorker.Distillers;
using DistillationWorker.Distillers.Heuristic;
using DistillationWorker.Hosting;
using Microsoft.Extensions.Options;

namespace DistillationWorker.Tests.Heuristics;

public sealed class RoutineTests
{
    private static async Task<string[]> RoutinesAsync(params Client.RecordedTurn[] turns) =>
        (await new HeuristicPatternDistiller(Options.Create(new DistillationOptions())).DistillAsync(Turns.History(turns), TestContext.Current.CancellationToken))
            .Where(p => p.Kind == PatternKinds.Routine).Select(p => p.Text).ToArray();

    [Theory]
    [InlineData("I walk the dog every morning.", "every morning")]
    [InlineData("Each morning I stretch.", "every morning")]
    [InlineData("On Mondays I go to the day centre.", "on Mondays")]
    [InlineData("I call mum every Sunday evening.", "every Sunday")]
    [InlineData("I read at night.", "at night")]
    [InlineData("I play games at weekends.", "on weekends")]
    [InlineData("I take my pills before bedtime.", "before bed")]
    [InlineData("We cook after school.", "after school")]
    [InlineData("I swim twice a week.", "twice a week")]
    [InlineData("Bath every other day.", "every other day")]
    public void Recognises_routine_expressions(string text, string expression) =>
        Assert.Contains(expression, RoutineRule.Expressions(text));

    [Theory]
    [InlineData("We help each other.")]
    [InlineData("It was a morning like any other.")]
    [InlineData("Monday was fine.")]
    public void Ignores_non_routines(string text) => Assert.Empty(RoutineRule.Expressions(text));

    [Fact]
    public async Task A_routine_in_three_conversations_becomes_a_pattern()
    {
        var routines = await RoutinesAsync(Turns.InRuns(3, i => i == 1 ? "EVERY   morning I feed the cat." : "I feed the cat every morning."));
        Assert.Equal(["Mentions a routine: every morning."], routines);
    }

    [Fact]
    public async Task A_routine_said_three_times_in_one_conversation_does_not()
    {
        var routines = await RoutinesAsync(
            Turns.User("Every morning I walk. Every morning!", "r1", 0),
            Turns.User("Yes, every morning.", "r1", 0),
            Turns.User("On Mondays I swim.", "r2", 1));
        Assert.Empty(routines);
    }
}
