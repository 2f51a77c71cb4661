using DistillationWorker.Distillers;
using DistillationWorker.Distillers.Heuristic;
using DistillationWorker.Hosting;
using Microsoft.Extensions.Options;

namespace DistillationWorker.Tests.Heuristics;

public sealed class MoodTrendTests
{
    private const string Cheerful = "I was happy and excited, it was fun.";
    private const string Gloomy = "I felt sad and worried and tired.";

    private static async Task<DistilledPattern[]> MoodAsync(params Client.RecordedTurn[] turns) =>
        (await new HeuristicPatternDistiller(Options.Create(new DistillationOptions())).DistillAsync(Turns.History(turns), TestContext.Current.CancellationToken))
            .Where(p => p.Kind == PatternKinds.MoodTrend).ToArray();

    [Fact]
    public async Task Cheerful_then_gloomy_is_a_negative_trend_with_counts_in_metadata()
    {
        var mood = Assert.Single(await MoodAsync(Turns.InRuns(6, i => i < 3 ? Cheerful : Gloomy)));

        Assert.Equal(MoodTrendRule.MoreNegative, mood.Text);
        Assert.Equal(9, mood.Metadata["earlier_positive"].GetInt32());
        Assert.Equal(0, mood.Metadata["earlier_negative"].GetInt32());
        Assert.Equal(9, mood.Metadata["recent_negative"].GetInt32());
        Assert.Equal(3, mood.Metadata["recent_conversations"].GetInt32());
    }

    [Fact]
    public async Task Gloomy_then_cheerful_is_a_positive_trend()
    {
        var mood = Assert.Single(await MoodAsync(Turns.InRuns(6, i => i < 3 ? Gloomy : Cheerful)));
        Assert.Equal(MoodTrendRule.MorePositive, mood.Text);
    }

    [Fact]
    public async Task A_steady_mood_is_no_trend() =>
        Assert.Empty(await MoodAsync(Turns.InRuns(6, i => Cheerful + " " + Gloomy)));

    [Fact]
    public async Task Too_few_conversations_is_not_enough_evidence() =>
        Assert.Empty(await MoodAsync(Turns.InRuns(5, i => i < 2 ? Cheerful : Gloomy)));

    [Fact]
    public async Task Too_few_emotion_words_is_not_enough_evidence() =>
        Assert.Empty(await MoodAsync(Turns.InRuns(6, i => i < 3 ? (i == 0 ? "happy" : "ok") : Gloomy)));

    [Fact]
    public void Negated_words_count_as_neither_and_negation_stops_at_the_sentence_end()
    {
        Assert.Equal((0, 0), EmotionLexicon.CountText("I am not happy. I'm never scared."));
        Assert.Equal((1, 0), EmotionLexicon.CountText("Not today. Happy now."));
        Assert.Equal((1, 2), EmotionLexicon.CountText("Sad, tired but glad."));
    }
}
