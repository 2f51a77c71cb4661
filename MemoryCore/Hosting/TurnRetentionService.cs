using MemoryCore.Engine;
using MemoryCore.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MemoryCore.Hosting;

/// <summary>Purges raw turns older than the retention period, at start and then periodically.</summary>
internal sealed class TurnRetentionService(IConversationTurnStore turns, IOptions<TurnRetentionOptions> options, TimeProvider clock, ILogger<TurnRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.RetentionDays <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, settings.PurgeIntervalMinutes)), clock);
        do
        {
            try
            {
                var purged = await turns.PurgeTurnsAsync(clock.GetUtcNow().AddDays(-settings.RetentionDays), stoppingToken).ConfigureAwait(false);
                if (purged > 0)
                {
                    logger.LogInformation("Purged {Count} conversation turns older than {Days} days", purged, settings.RetentionDays);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store may not be ready yet or be briefly down; the next tick retries.
                logger.LogWarning(ex, "Purging old conversation turns failed");
            }
        }
        while (await NextTickAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    /// <summary>False when the host stops: shutting down is not a failure of this service.</summary>
    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
