using DistillationWorker.Client;
using DistillationWorker.Distillers;
using DistillationWorker.Hosting;

namespace DistillationWorker.Pass;

/// <summary>The lookback window of a pass: turns created in [Start, End] are read.</summary>
public sealed record DistillationWindow(DateTimeOffset Start, DateTimeOffset End);

/// <summary>Counts for one person.</summary>
public sealed record PersonOutcome(int TurnsRead, int PatternsWritten, int DuplicatesSkipped);

/// <summary>
/// Reads one person's turns and known patterns, distils, and writes new patterns. Every read names the user_id, and
/// turns of anyone else are refused, so another person's words can never end up in this person's patterns.
/// </summary>
public sealed class PersonDistillation(MemoryApiClient api, IPatternDistiller distiller, ILogger<PersonDistillation> logger)
{
    public async Task<PersonOutcome> RunAsync(string userId, DistillationWindow window, CancellationToken cancellationToken)
    {
        var turns = await api.ReadTurnsAsync(userId, window.Start, cancellationToken).ConfigureAwait(false);
        if (turns.Any(t => !string.Equals(t.UserId, userId, StringComparison.Ordinal)))
        {
            // MemoryApi broke its contract; fail the person rather than mixing two people's conversations.
            throw new MemoryApiException($"GET /turns for one user returned turns of another user; distillation of {userId} refused.");
        }

        var ownConversation = turns.Where(t => !string.Equals(t.AgentId, DistillationOptions.AgentId, StringComparison.Ordinal)).ToList();
        var known = await api.ListPatternTextsAsync(userId, cancellationToken).ConfigureAwait(false);
        var patterns = await distiller.DistillAsync(new PersonHistory(userId, ownConversation, known, window.Start, window.End), cancellationToken).ConfigureAwait(false);

        var knownTexts = new HashSet<string>(known, StringComparer.Ordinal);
        var written = 0;
        var duplicates = 0;
        foreach (var pattern in patterns)
        {
            // Known texts are skipped without a request; MemoryApi's own duplicate check covers the rest (and races).
            if (knownTexts.Contains(pattern.Text) || !await api.AddPatternAsync(userId, pattern, cancellationToken).ConfigureAwait(false))
            {
                duplicates++;
                continue;
            }

            knownTexts.Add(pattern.Text);
            written++;
        }

        logger.LogDebug(
            "Distilled user {UserId} with {Distiller}: {Turns} turns, {Patterns} patterns, {Written} written, {Duplicates} duplicates",
            userId, distiller.Name, turns.Count, patterns.Count, written, duplicates);
        return new PersonOutcome(turns.Count, written, duplicates);
    }
}
