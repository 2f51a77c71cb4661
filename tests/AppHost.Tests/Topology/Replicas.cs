namespace AppHost.Tests.Topology;

/// <summary>The replicas of a project resource, each at its own address behind the AppHost's proxy.</summary>
public static class Replicas
{
    public static async Task<List<Uri>> BaseUrlsAsync(DistributedApplication app, string resourceName, int expected, CancellationToken cancellationToken)
    {
        var listening = new Dictionary<string, Uri>();
        await foreach (var e in app.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (e.Resource.Name != resourceName || e.Snapshot.State?.Text != KnownResourceStates.Running)
            {
                continue;
            }

            // ASPNETCORE_URLS is what the replica itself listens on (the proxy's port is shared by all of them).
            if (e.Snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value is { Length: > 0 } urls)
            {
                listening[e.ResourceId] = new Uri(urls.Split(';')[0]);
            }

            if (listening.Count == expected)
            {
                break;
            }
        }

        return [.. listening.Values];
    }
}
