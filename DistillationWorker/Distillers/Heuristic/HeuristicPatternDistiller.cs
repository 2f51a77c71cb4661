using DistillationWorker.Hosting;
using Microsoft.Extensions.Options;

namespace DistillationWorker.Distillers.Heuristic;

/// <summary>
/// The OFFLINE heuristic distiller: word counting over the person's own turns, no model, deterministic. It finds
/// recurring topics, routines and a mood trend (rules in docs/distillation.md and on each rule class). Assistant and
/// system turns are ignored: patterns describe the person, not what the assistant said to them.
/// </summary>
public sealed class HeuristicPatternDistiller(IOptions<DistillationOptions> options) : IPatternDistiller
{
    public const string DistillerName = "heuristic-v1";

    public string Name => DistillerName;

    public Task<IReadOnlyList<DistilledPattern>> DistillAsync(PersonHistory history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        var o = options.Value;
        var ownTurns = history.Turns.Where(t => t.IsFromUser && string.Equals(t.UserId, history.UserId, StringComparison.Ordinal));
        var conversations = Conversation.Group(ownTurns);

        IReadOnlyList<DistilledPattern> patterns =
        [
            .. RecurringTopicRule.Apply(conversations, o.MinConversations, o.MaxTopics, Name),
            .. RoutineRule.Apply(conversations, o.MinConversations, Name),
            .. MoodTrendRule.Apply(conversations, o.MinConversations, o.MinMoodWords, o.MoodShift, Name),
        ];
        return Task.FromResult(patterns);
    }
}
