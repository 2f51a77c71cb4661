using DistillationWorker.Client;
using DistillationWorker.Distillers;

namespace DistillationWorker.Tests.Heuristics;

/// <summary>Builds recorded turns and histories for distiller tests.</summary>
internal static class Turns
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static long _seq;

    /// <summary>A user turn in conversation <paramref name="run"/> (null: grouped by UTC day), <paramref name="day"/> days after <see cref="Start"/>.</summary>
    public static RecordedTurn User(string content, string? run, int day = 0, string userId = "ana", string? agentId = null) =>
        new(Interlocked.Increment(ref _seq), "user", content, Start.AddDays(day), userId, agentId, run);

    public static RecordedTurn Assistant(string content, string? run, int day = 0, string userId = "ana") =>
        new(Interlocked.Increment(ref _seq), "assistant", content, Start.AddDays(day), userId, null, run);

    public static PersonHistory History(params RecordedTurn[] turns) =>
        new("ana", turns, [], Start.AddDays(-1), Start.AddDays(30));

    /// <summary>One user turn per run r0..r(n-1), on consecutive days.</summary>
    public static RecordedTurn[] InRuns(int count, Func<int, string> content) =>
        Enumerable.Range(0, count).Select(i => User(content(i), $"r{i}", i)).ToArray();
}
