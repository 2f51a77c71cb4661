namespace AppHost.Tests.Topology;

/// <summary>The running replicas of a resource, each with its own id and its own address behind the AppHost's proxy.</summary>
public static class Replicas
{
    /// <summary>
    /// Waits until <paramref name="expected"/> replicas of <paramref name="resourceName"/> run, and returns their latest
    /// snapshots by replica id (the notification service's own waits match resource names, which replicas share).
    /// </summary>
    public static async Task<Dictionary<string, CustomResourceSnapshot>> RunningAsync(
        DistributedApplication app, string resourceName, int expected, CancellationToken cancellationToken)
    {
        var running = new Dictionary<string, CustomResourceSnapshot>();
        await foreach (var e in app.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (e.Resource.Name != resourceName)
            {
                continue;
            }

            if (e.Snapshot.State?.Text == KnownResourceStates.Running)
            {
                running[e.ResourceId] = e.Snapshot;
            }
            else
            {
                running.Remove(e.ResourceId);
            }

            if (running.Count == expected)
            {
                return running;
            }
        }

        return running;
    }

    /// <summary>What each replica itself listens on (ASPNETCORE_URLS; the proxy's port is shared by all of them).</summary>
    public static async Task<List<Uri>> BaseUrlsAsync(DistributedApplication app, string resourceName, int expected, CancellationToken cancellationToken)
    {
        var running = await RunningAsync(app, resourceName, expected, cancellationToken);
        return [.. running.Values.Select(s => new Uri(s.EnvironmentVariables.Single(v => v.Name == "ASPNETCORE_URLS").Value!.Split(';')[0]))];
    }
}
