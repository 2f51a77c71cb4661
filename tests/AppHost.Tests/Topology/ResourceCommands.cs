namespace AppHost.Tests.Topology;

/// <summary>The dashboard's Stop and Start commands, as a person would click them, for every replica of a resource.</summary>
public static class ResourceCommands
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(60);

    public static async Task<List<string>> StopAllAsync(DistributedApplication app, string resourceName, int replicas, CancellationToken cancellationToken)
    {
        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StateTimeout);
        var replicaIds = (await Replicas.RunningAsync(app, resourceName, replicas, timeout.Token)).Keys.ToList();
        foreach (var id in replicaIds)
        {
            var result = await commands.ExecuteCommandAsync(id, KnownResourceCommands.StopCommand, cancellationToken);
            Assert.True(result.Success, $"stopping {id}: {result.Message}");
            await WaitForStateAsync(app, id, KnownResourceStates.TerminalStates.Contains, cancellationToken);
        }

        return replicaIds;
    }

    public static async Task StartAllAsync(DistributedApplication app, IEnumerable<string> replicaIds, CancellationToken cancellationToken)
    {
        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        foreach (var id in replicaIds)
        {
            var result = await commands.ExecuteCommandAsync(id, KnownResourceCommands.StartCommand, cancellationToken);
            Assert.True(result.Success, $"starting {id}: {result.Message}");
            await WaitForStateAsync(app, id, state => state == KnownResourceStates.Running, cancellationToken);
        }
    }

    /// <summary>
    /// Waits for one replica (by its id; the notification service's own waits match resource names, which all
    /// replicas share) to reach a state, failing with the last state seen after <see cref="StateTimeout"/>.
    /// </summary>
    private static async Task WaitForStateAsync(DistributedApplication app, string replicaId, Func<string?, bool> reached, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StateTimeout);
        string? last = null;
        try
        {
            await foreach (var e in app.ResourceNotifications.WatchAsync(timeout.Token))
            {
                if (e.ResourceId != replicaId)
                {
                    continue;
                }

                last = e.Snapshot.State?.Text;
                if (reached(last))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        Assert.Fail($"{replicaId} did not reach the expected state within {StateTimeout.TotalSeconds:0} s; last state: {last ?? "none"}");
    }
}
