using DistillationWorker.Pass;

namespace DistillationWorker.Scheduling;

/// <summary>
/// Runs a pass at every occurrence of the schedule. A missed occurrence (the process was down) is not caught up:
/// the next pass reads from the watermark anyway, so nothing is lost, only delayed.
/// </summary>
public sealed class ScheduledDistillationService(
    DistillationSchedule schedule,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<ScheduledDistillationService> logger) : BackgroundService
{
    /// <summary>Long waits are taken in slices, so a changed wall clock or a far occurrence is re-evaluated (Task.Delay caps near 49 days).</summary>
    private static readonly TimeSpan MaxSleep = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!schedule.IsEnabled)
        {
            logger.LogInformation("Distillation schedule is off; passes run only on POST /distill/run");
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.NextAfter(time.GetUtcNow());
            if (next is null)
            {
                logger.LogWarning("Distillation schedule '{Schedule}' has no further occurrence", schedule.Expression);
                return;
            }

            logger.LogInformation("Next scheduled distillation pass at {Next:O}", next.Value);
            if (!await SleepUntilAsync(next.Value, stoppingToken).ConfigureAwait(false))
            {
                return;
            }

            await RunOnceAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> SleepUntilAsync(DateTimeOffset due, CancellationToken stoppingToken)
    {
        try
        {
            for (var left = due - time.GetUtcNow(); left > TimeSpan.Zero; left = due - time.GetUtcNow())
            {
                await Task.Delay(left < MaxSleep ? left : MaxSleep, time, stoppingToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            // A scope per pass: the typed HttpClient is transient and must not live as long as this service.
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DistillationPass>().RunAsync(PassTrigger.Schedule, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-pass: the watermark did not move, the next start retries.
        }
        catch (Exception ex)
        {
            // The pass reports its own failures; this only keeps the loop alive on anything unexpected.
            logger.LogError(ex, "Scheduled distillation pass crashed");
        }
    }
}
