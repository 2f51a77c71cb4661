namespace DistillationWorker.Distillers.Heuristic;

/// <summary>
/// Emotional trend: the conversations of the window, ordered by start, are split into an earlier and a recent half
/// (the recent half takes the odd one). In each half the share of negative words among the emotion words is
/// computed (<see cref="EmotionLexicon"/>). A trend is reported only with enough evidence: each half has at least
/// <c>minConversations</c> conversations and <c>minMoodWords</c> emotion words, and the share moved by at least
/// <c>moodShift</c>.
/// </summary>
public static class MoodTrendRule
{
    public const string MoreNegative = "Mood trend: more negative words in recent conversations.";
    public const string MorePositive = "Mood trend: more positive words in recent conversations.";

    public static IEnumerable<DistilledPattern> Apply(
        IReadOnlyList<Conversation> conversations, int minConversations, int minMoodWords, double moodShift, string distiller)
    {
        var earlier = conversations.Take(conversations.Count / 2).ToList();
        var recent = conversations.Skip(conversations.Count / 2).ToList();
        if (earlier.Count < minConversations || recent.Count < minConversations)
        {
            yield break;
        }

        var (earlierPositive, earlierNegative) = Count(earlier);
        var (recentPositive, recentNegative) = Count(recent);
        if (earlierPositive + earlierNegative < minMoodWords || recentPositive + recentNegative < minMoodWords)
        {
            yield break;
        }

        var shift = NegativeShare(recentPositive, recentNegative) - NegativeShare(earlierPositive, earlierNegative);
        var text = shift >= moodShift ? MoreNegative : shift <= -moodShift ? MorePositive : null;
        if (text is null)
        {
            yield break;
        }

        yield return DistilledPattern.Create(PatternKinds.MoodTrend, text, distiller, new Dictionary<string, object>
        {
            ["earlier_conversations"] = earlier.Count,
            ["recent_conversations"] = recent.Count,
            ["earlier_positive"] = earlierPositive,
            ["earlier_negative"] = earlierNegative,
            ["recent_positive"] = recentPositive,
            ["recent_negative"] = recentNegative,
        });
    }

    private static double NegativeShare(int positive, int negative) => (double)negative / (positive + negative);

    private static (int Positive, int Negative) Count(IEnumerable<Conversation> half)
    {
        var positive = 0;
        var negative = 0;
        foreach (var turn in half.SelectMany(c => c.Turns))
        {
            var (p, n) = EmotionLexicon.CountText(turn.Content);
            positive += p;
            negative += n;
        }

        return (positive, negative);
    }
}
