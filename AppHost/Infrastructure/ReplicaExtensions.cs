using Microsoft.Extensions.Configuration;

namespace AppHost.Infrastructure;

internal static class ReplicaExtensions
{
    /// <summary>Runs <c>configuration[key]</c> processes of the project (1 when unset).</summary>
    public static IResourceBuilder<ProjectResource> WithConfiguredReplicas(this IResourceBuilder<ProjectResource> project, IConfiguration configuration, string key)
    {
        var replicas = configuration.GetValue<int?>(key) ?? 1;
        if (replicas < 1)
        {
            throw new DistributedApplicationException($"{key} must be at least 1, not {replicas}.");
        }

        return replicas > 1 ? project.WithReplicas(replicas) : project;
    }
}
