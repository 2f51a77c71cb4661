using DistillationWorker.Distillers;
using DistillationWorker.Distillers.Heuristic;
using DistillationWorker.Hosting;
using Microsoft.Extensions.Options;

namespace DistillationWorker.Tests.Heuristics;

public sealed class RecurringTopicTests
{
    private static async Task<IReadOnlyList<DistilledPattern>> DistilAsync(DistillationOptions? options = null, params Client.RecordedTurn[] turns) =>
        await new HeuristicPatternDistiller(Options.Create(options ?? new DistillationOptions())).DistillAsync(Turns.History(turns), TestContext.Current.CancellationToken);

    private static string[] Texts(IEnumerable<DistilledPattern> patterns) => patterns.Select(p => p.Text).ToArray();

    [Fact]
    public async Task A_word_in_three_conversations_is_a_recurring_topic()
    {
        var patterns = await DistilAsync(null,
            Turns.User("I went swimming at the pool.", "r1", 0),
            Turns.User("Swimming was cold today.", "r2", 1),
            Turns.User("My coach says my swimming got faster.", "r3", 2));

        var topic = Assert.Single(patterns, p => p.Kind == PatternKinds.RecurringTopic);
        Assert.Equal("Recurring topic: swimming.", topic.Text);
        Assert.Equal(3, topic.Metadata["conversations"].GetInt32());
        Assert.Equal(3, topic.Metadata["mentions"].GetInt32());
        Assert.Equal("distillation", topic.Metadata["source"].GetString());
        Assert.Equal("distillation", topic.Metadata["role"].GetString());
        Assert.Equal(HeuristicPatternDistiller.DistillerName, topic.Metadata["distiller"].GetString());
    }

    [Fact]
    public async Task Two_conversations_are_not_enough_however_often_the_word_is_said()
    {
        var patterns = await DistilAsync(null,
            Turns.User("Swimming, swimming, swimming.", "r1", 0),
            Turns.User("More swimming and swimming.", "r2", 1));

        Assert.DoesNotContain(patterns, p => p.Kind == PatternKinds.RecurringTopic);
    }

    [Fact]
    public async Task Inflected_forms_count_as_one_topic_named_by_the_most_used_form()
    {
        var patterns = await DistilAsync(null,
            Turns.User("I swim on the weekend.", "r1", 0),
            Turns.User("I went swimming with Leo.", "r2", 1),
            Turns.User("She swims better than me; swimming is hard.", "r3", 2));

        Assert.Contains("Recurring topic: swimming.", Texts(patterns));
    }

    [Fact]
    public async Task Turns_without_run_id_are_grouped_by_utc_day()
    {
        var sameDay = await DistilAsync(null,
            Turns.User("I baked bread.", null, 0),
            Turns.User("The bread was good.", null, 0),
            Turns.User("Bread again!", null, 0));
        var threeDays = await DistilAsync(null,
            Turns.User("I baked bread.", null, 0),
            Turns.User("The bread was good.", null, 1),
            Turns.User("Bread again!", null, 2));

        Assert.DoesNotContain("Recurring topic: bread.", Texts(sameDay));
        Assert.Contains("Recurring topic: bread.", Texts(threeDays));
    }

    [Fact]
    public async Task Assistant_turns_stop_words_and_emotion_words_are_not_topics()
    {
        var patterns = await DistilAsync(null, Turns.InRuns(4, i => "I really think that I am happy because of things.")
            .Concat(Enumerable.Range(0, 4).Select(i => Turns.Assistant("Have you tried gardening?", $"r{i}", i))).ToArray());

        Assert.DoesNotContain(patterns, p => p.Kind == PatternKinds.RecurringTopic);
    }

    [Fact]
    public async Task Topics_are_capped_and_ordered_by_spread()
    {
        var options = new DistillationOptions { MaxTopics = 2 };
        var patterns = await DistilAsync(options,
            Turns.User("chess guitar painting", "r1", 0),
            Turns.User("chess guitar painting", "r2", 1),
            Turns.User("chess guitar painting", "r3", 2),
            Turns.User("chess guitar", "r4", 3),
            Turns.User("chess", "r5", 4));

        Assert.Equal(["Recurring topic: chess.", "Recurring topic: guitar."], Texts(patterns.Where(p => p.Kind == PatternKinds.RecurringTopic)));
    }

    [Fact]
    public async Task The_same_history_gives_the_same_texts()
    {
        var turns = Turns.InRuns(3, i => "Football with my brother.");
        Assert.Equal(Texts(await DistilAsync(null, turns)), Texts(await DistilAsync(null, turns)));
    }

    [Fact]
    public async Task Turns_of_another_user_are_ignored_even_if_passed_in()
    {
        var patterns = await DistilAsync(null,
            Turns.User("Chess club tonight.", "r1", 0),
            Turns.User("Chess is fun.", "r2", 1),
            Turns.User("I like chess.", "r3", 2, userId: "bob"));

        Assert.DoesNotContain(patterns, p => p.Kind == PatternKinds.RecurringTopic);
    }
}
