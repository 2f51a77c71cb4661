using System.Text.RegularExpressions;

namespace DistillationWorker.Distillers.Heuristic;

/// <summary>
/// Routines: habitual time expressions ("every morning", "on Mondays", "at night", "after school", "twice a week")
/// in the person's own turns, counted once per conversation; one pattern per expression that appears in at least
/// <c>minConversations</c> conversations. Negation and tense are not considered.
/// </summary>
public static partial class RoutineRule
{
    public static IEnumerable<DistilledPattern> Apply(IReadOnlyList<Conversation> conversations, int minConversations, string distiller)
    {
        var seenIn = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var conversation in conversations)
        {
            foreach (var turn in conversation.Turns)
            {
                foreach (var expression in Expressions(turn.Content))
                {
                    if (!seenIn.TryGetValue(expression, out var keys))
                    {
                        seenIn[expression] = keys = new HashSet<string>(StringComparer.Ordinal);
                    }

                    keys.Add(conversation.Key);
                }
            }
        }

        return seenIn
            .Where(r => r.Value.Count >= minConversations)
            .OrderByDescending(r => r.Value.Count)
            .ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => DistilledPattern.Create(
                PatternKinds.Routine,
                $"Mentions a routine: {r.Key}.",
                distiller,
                new Dictionary<string, object> { ["conversations"] = r.Value.Count }));
    }

    /// <summary>The normalized routine expressions in a text: lower case, single spaces, day names capitalized.</summary>
    public static IEnumerable<string> Expressions(string text)
    {
        foreach (Match match in RoutinePattern().Matches(text))
        {
            var words = match.Value.ToLowerInvariant().Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
            var normalized = string.Join(' ', words.Select(CapitalizeDay));
            yield return normalized.Replace("each ", "every ", StringComparison.Ordinal).Replace("at weekends", "on weekends", StringComparison.Ordinal)
                .Replace("bedtime", "bed", StringComparison.Ordinal);
        }
    }

    private static string CapitalizeDay(string word) =>
        DayPrefixes.Any(d => word.StartsWith(d, StringComparison.Ordinal)) ? char.ToUpperInvariant(word[0]) + word[1..] : word;

    private static readonly string[] DayPrefixes = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    // One alternation so overlapping phrases are matched once, left to right.
    [GeneratedRegex(
        @"\b(?:"
        + @"(?:every|each)\s+other\s+(?:day|week)"
        + @"|(?:every|each)\s+(?:morning|afternoon|evening|night|day|week|weekend|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
        + @"|on\s+(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekends)"
        + @"|at\s+(?:night|weekends)"
        + @"|in\s+the\s+(?:mornings|afternoons|evenings)"
        + @"|before\s+bed(?:time)?"
        + @"|after\s+(?:school|work|breakfast|lunch|dinner)"
        + @"|(?:once|twice|three\s+times)\s+a\s+(?:day|week|month)"
        + @")\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RoutinePattern();
}
