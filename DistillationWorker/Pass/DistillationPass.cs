using DistillationWorker.Checkpoint;
using DistillationWorker.Client;
using DistillationWorker.Distillers;
using DistillationWorker.Hosting;
using Microsoft.Extensions.Options;

namespace DistillationWorker.Pass;

/// <summary>
/// One distillation pass: take the job lease in MemoryApi, read the watermark (MemoryApi's checkpoint), find the people
/// with turns newer than it (settled for SettleSeconds), distil each person's lookback window, write the patterns, and
/// advance the watermark only if every person succeeded. The lease is renewed while the pass runs; if another pass
/// takes it over, this one stops, and its checkpoint write would be refused anyway (fenced by the lease's token). A
/// failed person leaves the watermark, so the next pass retries them; patterns already written for others are
/// skipped as exact duplicates then.
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
        var holder = LeaseHolder.ForPass(o.InstanceId);
        var ttl = TimeSpan.FromSeconds(o.LeaseTtlSeconds);

        LeaseAcquisition attempt;
        try
        {
            attempt = await api.TryAcquireLeaseAsync(DistillationOptions.JobName, holder, ttl, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Distillation pass ({Trigger}) could not take its lease from MemoryApi", trigger);
            tally.Failures++;
            return tally.ToResult(PassStatus.Failed, trigger, startedAt, time.GetUtcNow(), null, null, ex.Message);
        }

        if (attempt.Lease is not { } lease)
        {
            logger.LogInformation("Distillation pass ({Trigger}) skipped: another pass has the lease ({HeldBy})", trigger, attempt.HeldBy);
            return tally.ToResult(PassStatus.Busy, trigger, startedAt, time.GetUtcNow(), null, null, $"Another pass has the lease: {attempt.HeldBy}.");
        }

        await using var held = PassLease.Hold(api, lease, ttl, time, logger, cancellationToken);
        return await RunLeasedAsync(trigger, startedAt, tally, held).ConfigureAwait(false);
    }

    private async Task<PassResult> RunLeasedAsync(string trigger, DateTimeOffset startedAt, PassTally tally, PassLease lease)
    {
        var o = options.Value;
        var cancellationToken = lease.Token;
        long? watermark = null;
        try
        {
            var start = await StartingWatermarkAsync(lease, cancellationToken).ConfigureAwait(false);
            watermark = start;
            var settledBefore = startedAt - TimeSpan.FromSeconds(o.SettleSeconds);
            var changed = await api.GetChangedScopesAsync(start, settledBefore, cancellationToken).ConfigureAwait(false);
            if (changed.MaxSeq is not { } upTo || changed.Results.Count == 0)
            {
                logger.LogInformation("Distillation pass ({Trigger}): nothing new after seq {Watermark}", trigger, start);
                return tally.ToResult(PassStatus.Completed, trigger, startedAt, time.GetUtcNow(), start, start);
            }

            var people = PeopleToDistil(changed.Results);
            tally.Scopes = changed.Results.Count;
            tally.People = people.Count;
            logger.LogInformation(
                "Distillation pass ({Trigger}) started as {Holder}: watermark {Watermark}, {Scopes} scopes with new turns up to seq {UpTo}, {People} people",
                trigger, lease.Lease.Holder, start, tally.Scopes, upTo, tally.People);

            var window = new DistillationWindow(startedAt - TimeSpan.FromDays(o.LookbackDays), startedAt);
            foreach (var userId in people)
            {
                await DistilOneAsync(userId, window, tally, cancellationToken).ConfigureAwait(false);
            }

            if (tally.Failures > 0)
            {
                LogFinished(trigger, PassStatus.Failed, tally, start);
                return tally.ToResult(PassStatus.Failed, trigger, startedAt, time.GetUtcNow(), start, start,
                    $"{tally.Failures} of {tally.People} people failed; the watermark stays at {start} and the next pass retries.");
            }

            var advanced = Math.Max(upTo, start);
            await api.WriteCheckpointAsync(DistillationOptions.JobName, lease.Lease.Holder, lease.Lease.Token, advanced, cancellationToken).ConfigureAwait(false);
            LogFinished(trigger, PassStatus.Completed, tally, advanced);
            return tally.ToResult(PassStatus.Completed, trigger, startedAt, time.GetUtcNow(), start, advanced);
        }
        catch (Exception ex) when ((ex as LeaseLostException ?? lease.Lost) is { } lost)
        {
            // Another pass holds the lease now and may be moving the checkpoint: nothing more is written by this one.
            logger.LogWarning("Distillation pass ({Trigger}) stopped: its lease was taken over ({Current}); the watermark stays at {Watermark}", trigger, lost.Current, watermark);
            tally.Failures++;
            return tally.ToResult(PassStatus.Failed, trigger, startedAt, time.GetUtcNow(), watermark, watermark,
                $"The pass lost its lease ({lost.Current}) and stopped without moving the watermark.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // MemoryApi unreachable for the checkpoint or the scope query, or a legacy state file unreadable: nothing moved.
            logger.LogError(ex, "Distillation pass ({Trigger}) failed before completing; the watermark stays at {Watermark}", trigger, watermark);
            tally.Failures++;
            return tally.ToResult(PassStatus.Failed, trigger, startedAt, time.GetUtcNow(), watermark, watermark, ex.Message);
        }
    }

    /// <summary>MemoryApi's checkpoint; while it is empty, the watermark of a legacy state.json seeds it (once: it is
    /// not empty afterwards), else 0.</summary>
    private async Task<long> StartingWatermarkAsync(PassLease lease, CancellationToken cancellationToken)
    {
        if (await api.GetCheckpointAsync(DistillationOptions.JobName, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return stored;
        }

        if (string.IsNullOrWhiteSpace(options.Value.DataDir))
        {
            return 0;
        }

        var legacy = new LegacyStateFile(options.Value.DataDir);
        if (await legacy.TryReadWatermarkAsync(cancellationToken).ConfigureAwait(false) is not { } seeded)
        {
            return 0;
        }

        await api.WriteCheckpointAsync(DistillationOptions.JobName, lease.Lease.Holder, lease.Lease.Token, seeded, cancellationToken).ConfigureAwait(false);
        logger.LogInformation(
            "Seeded MemoryApi's distillation checkpoint with watermark {Watermark} from the legacy {Path}; the file is not read again and can be deleted",
            seeded, legacy.FilePath);
        return seeded;
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
