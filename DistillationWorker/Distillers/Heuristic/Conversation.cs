using System.Globalization;
using DistillationWorker.Client;

namespace DistillationWorker.Distillers.Heuristic;

/// <summary>
/// One conversation of a person: the turns sharing a run_id, or, for turns without one, the turns of the same UTC
/// day. "Appears in 3 conversations" is what separates a recurring pattern from one chat about one thing.
/// </summary>
public sealed record Conversation(string Key, DateTimeOffset StartedAt, IReadOnlyList<RecordedTurn> Turns)
{
    /// <summary>run_id, else "day:yyyy-MM-dd" of created_at in UTC.</summary>
    public static string KeyOf(RecordedTurn turn) =>
        string.IsNullOrEmpty(turn.RunId)
            ? "day:" + turn.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : "run:" + turn.RunId;

    /// <summary>Groups turns into conversations ordered by their first turn (then key, so the order is total).</summary>
    public static IReadOnlyList<Conversation> Group(IEnumerable<RecordedTurn> turns) =>
        turns.GroupBy(KeyOf, StringComparer.Ordinal)
            .Select(g =>
            {
                var ordered = g.OrderBy(t => t.CreatedAt).ThenBy(t => t.Seq).ToList();
                return new Conversation(g.Key, ordered[0].CreatedAt, ordered);
            })
            .OrderBy(c => c.StartedAt)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .ToList();
}
