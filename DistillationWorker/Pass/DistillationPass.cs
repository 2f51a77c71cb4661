using DistillationWorker.Checkpoint;
using DistillationWorker.Client;
using DistillationWorker.Distillers;
using DistillationWorker.Hosting;
using Microsoft.Extensions.Options;

namespace DistillationWorker.Pass;

/// <summary>
/// One distillation pass: take the lock, read the watermark, find the people with turns newer than it (settled for
/// SettleSeconds), distil each person's lookback window, write the patterns, and advance the watermark only if every
/// person succeeded. A failed person leaves the watermark, so the next pass retries them; patterns already written
/// for others are skipped as exact duplicates then.
/// </summary>
public sealed class DistillationPass(
    MemoryApiClient api,
    PersonDistillation person,
    IOptions<DistillationOptions> options,
    TimeProvider time,
    ILogger<DistillationPass> logger)
{
    public async Task<PassResult> RunAsync(string trigger, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var startedAt = time.GetUtcNow();
        var tally = new PassTally();

        PassLock? passLock;
        try
        {
            passLock = PassLock.TryAcquire(o.DataDir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogError(ex, "Distillation pass ({Trigger}) could not open its lock file in {DataDir}", trigger, Path.GetFullPath(o.DataDir));
            tally.Failures++;
            return tally.ToResult(PassStatus.Failed, trigger, startedAt, time.GetUtcNow(), null, null, ex.Message);
        }

        if (passLock is null)
        {
            logger.LogInformation("Distillation pass ({Trigger}) skipped: another pass holds the lock in {DataDir}", trigger, Path.GetFullPath(o.DataDir));
            return tally.ToResult(PassStatus.Busy, trigger, startedAt, time.GetUtcNow(), null, null);
        }

        using (passLock)
        {
            return await RunLockedAsync(trigger, startedAt, tally, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<PassResult> RunLockedAsync(string trigger, DateTimeOffset startedAt, PassTally tally, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var stateStore = new DistillationStateStore(o.DataDir);
        long? watermark = null;
        try
        {
            var state = await stateStore.LoadAsync(cancellationToken).ConfigureAwait(false);
            watermark = state.Watermark;
            var settledBefore = startedAt - TimeSpan.FromSeconds(o.SettleSeconds);
            var changed = await api.GetChangedScopesAsync(state.Watermark, settledBefore, cancellationToken).ConfigureAwait(false);
            if (changed.MaxSeq is not { } upTo || changed.Results.Count == 0)
            {
                logger.LogInformation("Distillation pass ({Trigger}): nothing new after seq {Watermark}", trigger, state.Watermark);
                return tally.ToResult(PassStatus.Completed, trigger, startedAt, time.GetUtcNow(), state.Watermark, state.Watermark);
            }

            var people = PeopleToDistil(changed.Results);
            tally.Scopes = changed.Results.Count;
            tally.People = people.Count;
            logger.LogInformation(
                "Distillation pass ({Trigger}) started: watermark {Watermark}, {Scopes} scopes with new turns up to seq {UpTo}, {People} people",
                trigger, state.Watermark, tally.Scopes, upTo, tally.People);

            var window = new DistillationWindow(startedAt - TimeSpan.FromDays(o.LookbackDays), startedAt);
            foreach (var userId in people)
            {
                await DistilOneAsync(userId, window, tally, cancellationToken).ConfigureAwait(false);
            }

            if (tally.Failures > 0)
            {
                LogFinished(trigger, PassStatus.Failed, tally, state.Watermark);
                return tally.ToResult(PassStatus.Failed, trigger, startedAt, time.GetUtcNow(), state.Watermark, state.Watermark,
                    $"{tally.Failures} of {tally.People} people failed; the watermark stays at {state.Watermark} and the next pass retries.");
            }

            var advanced = Math.Max(upTo, state.Watermark);
            await stateStore.SaveAsync(new DistillationState(advanced, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            LogFinished(trigger, PassStatus.Completed, tally, advanced);
            return tally.ToResult(PassStatus.Completed, trigger, startedAt, time.GetUtcNow(), state.Watermark, advanced);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // MemoryApi unreachable for the scope query, or the state file unreadable/unwritable: nothing moved.
            logger.LogError(ex, "Distillation pass ({Trigger}) failed before completing; the watermark stays at {Watermark}", trigger, watermark);
            tally.Failures++;
            return tally.ToResult(PassStatus.Failed, trigger, startedAt, time.GetUtcNow(), watermark, watermark, ex.Message);
        }
    }

    /// <summary>One person per user_id, whatever agents they talked to: patterns describe the person. Scopes of the
    /// worker's own agent_id are skipped (its writes are not recorded as turns, but a client could use that id).</summary>
    private static List<string> PeopleToDistil(IEnumerable<TurnScope> scopes) =>
        scopes.Where(s => !string.IsNullOrWhiteSpace(s.UserId) && !string.Equals(s.AgentId, DistillationOptions.AgentId, StringComparison.Ordinal))
            .Select(s => s.UserId)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    private async Task DistilOneAsync(string userId, DistillationWindow window, PassTally tally, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await person.RunAsync(userId, window, cancellationToken).ConfigureAwait(false);
            tally.TurnsRead += outcome.TurnsRead;
            tally.PatternsWritten += outcome.PatternsWritten;
            tally.DuplicatesSkipped += outcome.DuplicatesSkipped;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            tally.Failures++;
            logger.LogWarning(ex, "Distillation failed for user {UserId}; the next pass retries ({Error})", userId, ex.Message);
        }
    }

    private void LogFinished(string trigger, string status, PassTally tally, long watermark) =>
        logger.LogInformation(
            "Distillation pass ({Trigger}) {Status}: {Scopes} scopes, {People} people, {TurnsRead} turns read, {PatternsWritten} patterns written, "
            + "{DuplicatesSkipped} duplicates skipped, {Failures} failures; watermark {Watermark}",
            trigger, status, tally.Scopes, tally.People, tally.TurnsRead, tally.PatternsWritten, tally.DuplicatesSkipped, tally.Failures, watermark);
}
