using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.Infrastructure;

internal static class LocalPostgresExtensions
{
    /// <summary>
    /// PostgreSQL + pgvector from local binaries, its cluster kept in <paramref name="dataDirectory"/> across runs.
    /// <paramref name="port"/> null lets the orchestrator pick a free one.
    /// </summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string repositoryRoot, string dataDirectory, string databaseName, int? port)
    {
        var script = Path.Combine(repositoryRoot, "scripts", "local-postgres");
        var resource = new LocalPostgresResource(name, script, repositoryRoot, databaseName);
        var healthCheckKey = $"{name}_ready";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new PostgresReadyHealthCheck(resource), failureStatus: null, tags: null));

        return builder.AddResource(resource)
            // Not proxied: clients (and psql) reach PostgreSQL itself, at a port that configuration can fix.
            .WithEndpoint(port: port, targetPort: port, name: LocalPostgresResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add(dataDirectory);
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add(databaseName);
            })
            .WithHealthCheck(healthCheckKey);
    }
}
