using MemoryCore;
using MemoryCore.Engine;
using MemoryCore.Events;
using MemoryCore.Model;
using Microsoft.Extensions.Options;

namespace MemoryApi.Events;

/// <summary>
/// Applies queued adds: <see cref="AddEventOptions.Workers"/> loops, each claiming one event at a time from the store's
/// queue and running it through the same engine as a synchronous add. The add's memory changes and the event's SUCCEEDED
/// commit together (<see cref="CompleteAddEvent"/>), so a process killed mid-event leaves the event RUNNING with nothing
/// written; its lease expires and a worker (here after a restart, or in another instance) applies it again.
/// Provider and store failures are retried with exponential backoff and end FAILED with the reason; invalid input fails at once.
/// </summary>
public sealed partial class AddEventWorker(
    IAddEventQueue queue,
    MemoryService memory,
    AddEventSignal signal,
    IOptions<AddEventOptions> options,
    TimeProvider clock,
    ILogger<AddEventWorker> logger) : BackgroundService
{
    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Math.Max(0, options.Value.Workers);
        return Task.WhenAll(Enumerable.Range(0, workers).Select(i => Task.Run(() => LoopAsync($"{_holder}/{i}", stoppingToken), stoppingToken)));
    }

    private async Task LoopAsync(string worker, CancellationToken stoppingToken)
    {
        var idle = TimeSpan.FromMilliseconds(Math.Max(10, options.Value.PollMilliseconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claimed = await queue.ClaimAsync(worker, options.Value.Lease, stoppingToken);
                if (claimed is null)
                {
                    await signal.WaitAsync(idle, stoppingToken);
                    continue;
                }

                await RunAsync(claimed, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The queue itself failed (store down): nothing is lost, the events wait in the store. Try again later.
                LogQueueFailed(logger, ex);
                await Task.Delay(idle, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task RunAsync(ClaimedAddEvent claimed, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (claimed.Attempts > settings.MaxAttempts)
        {
            // Every allowed attempt was taken, the last by a process that stopped while running it (or a poison event).
            await queue.FailAsync(claimed.Id, claimed.Token, $"Gave up after {settings.MaxAttempts} attempts; the last one did not finish (the process running it stopped).", CancellationToken.None);
            return;
        }

        // The event's work joins the trace of the request that queued it (same trace id), so a queued add's extract, embed
        // and persist spans sit with its POST in the dashboard.
        using var activity = StartActivity(claimed);
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewWhileRunningAsync(claimed, renewal.Token);
        try
        {
            using var _ = logger.BeginScope(new Dictionary<string, object?> { ["event_id"] = claimed.Id, ["trace_id"] = claimed.TraceId, ["actor_key_id"] = claimed.ActorKeyId });
            // History rows of the queued add name the caller that queued it, as a synchronous add's do ("open", the
            // anonymous caller of an open local server, is a null key id there).
            using var actor = MemoryCore.Model.ChangeActorContext.Use(new MemoryCore.Model.ChangeActor(
                claimed.ActorKeyId == MemoryApi.Auth.ApiKeyDefaults.OpenKeyId ? null : claimed.ActorKeyId, claimed.TraceId));
            var request = AddEventPayload.Deserialize(claimed.Payload);
            await memory.AddAsync(
                request,
                (results, relations) => new CompleteAddEvent(claimed.Id, claimed.Token, AddEventResults.Serialize(results, relations), Timestamps.Now(clock)),
                stoppingToken);
            LogApplied(logger, claimed.Id, claimed.Attempts);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: hand the event back now rather than when the lease runs out. Nothing of it was committed.
            await queue.RetryLaterAsync(claimed.Id, claimed.Token, "Interrupted by a shutdown; retried.", TimeSpan.Zero, CancellationToken.None);
        }
        catch (AddEventClaimLostException)
        {
            LogClaimLost(logger, claimed.Id);
        }
        catch (MemoryValidationException ex)
        {
            // The input cannot become valid by waiting (e.g. limits lowered since it was accepted).
            await queue.FailAsync(claimed.Id, claimed.Token, ex.Message, CancellationToken.None);
            LogFailed(logger, ex, claimed.Id, claimed.Attempts, ex.Message);
        }
        catch (Exception ex)
        {
            var reason = Reason(ex);
            if (claimed.Attempts >= settings.MaxAttempts)
            {
                await queue.FailAsync(claimed.Id, claimed.Token, $"Failed after {claimed.Attempts} attempts: {reason}", CancellationToken.None);
                LogFailed(logger, ex, claimed.Id, claimed.Attempts, reason);
            }
            else
            {
                var delay = settings.Backoff(claimed.Attempts);
                await queue.RetryLaterAsync(claimed.Id, claimed.Token, reason, delay, CancellationToken.None);
                LogRetrying(logger, ex, claimed.Id, claimed.Attempts, delay.TotalSeconds, reason);
            }
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
        }
    }

    private async Task RenewWhileRunningAsync(ClaimedAddEvent claimed, CancellationToken cancellationToken)
    {
        var every = options.Value.Lease / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, clock, cancellationToken);
                if (!await queue.RenewAsync(claimed.Id, claimed.Token, options.Value.Lease, cancellationToken))
                {
                    return; // lost: the commit will find out and roll back
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The event finished.
        }
        catch (Exception ex)
        {
            LogQueueFailed(logger, ex);
        }
    }

    private static System.Diagnostics.Activity? StartActivity(ClaimedAddEvent claimed)
    {
        System.Diagnostics.ActivityContext parent = default;
        if (claimed.TraceId is { Length: 32 } traceId && traceId.All(char.IsAsciiHexDigitLower))
        {
            parent = new System.Diagnostics.ActivityContext(
                System.Diagnostics.ActivityTraceId.CreateFromString(traceId), System.Diagnostics.ActivitySpanId.CreateRandom(), System.Diagnostics.ActivityTraceFlags.Recorded);
        }

        var activity = MemoryTelemetry.ActivitySource.StartActivity("memory.event", System.Diagnostics.ActivityKind.Consumer, parent);
        activity?.SetTag("memory.event_id", claimed.Id);
        activity?.SetTag("memory.event_attempt", claimed.Attempts);
        return activity;
    }

    /// <summary>What the event's status says: the provider's or store's message, never a stack trace.</summary>
    private static string Reason(Exception ex) => ex switch
    {
        ProviderUnavailableException p => $"The {p.Provider} is unavailable: {p.Message}",
        MemoryConflictException c => c.Message,
        System.Data.Common.DbException => "The memory store did not answer.",
        TimeoutException => "A dependency did not answer in time.",
        _ => $"Unexpected error ({ex.GetType().Name}).",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued add {EventId} applied (attempt {Attempt})")]
    private static partial void LogApplied(ILogger logger, Guid eventId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queued add {EventId} failed on attempt {Attempt}, retrying in {Seconds:0.0} s: {Reason}")]
    private static partial void LogRetrying(ILogger logger, Exception exception, Guid eventId, int attempt, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Queued add {EventId} FAILED after attempt {Attempt}: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid eventId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queued add {EventId} was claimed by another worker meanwhile; this worker's changes were rolled back")]
    private static partial void LogClaimLost(ILogger logger, Guid eventId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The add queue could not be read; retrying")]
    private static partial void LogQueueFailed(ILogger logger, Exception exception);
}
