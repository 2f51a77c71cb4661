using Microsoft.Extensions.Logging;

namespace AppHost.Tests;

/// <summary>
/// Starts the whole AppHost topology once for all tests of a class: PostgreSQL + pgvector, Neo4j, the memory
/// API, the distillation worker and the Django sample.
/// REQUIRES DOCKER (or Podman): the containers are real. It also needs Python 3 (venv, pip) for the Django
/// sample and network access for image pulls and pip. Nothing of this runs in CI (see docs/apphost.md).
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    // Known values instead of the generated, user-secrets-persisted defaults: tests know the keys and
    // never write to the AppHost's user secrets.
    public const string ApiKey = "apphost-tests-app-key-2f9c41d7b3e8";
    public const string AdminKey = "apphost-tests-admin-key-8a1e6c0b5d94";
    private const string Neo4jPassword = "apphost-tests-neo4j-pw-51c7e2";
    private const string PostgresPassword = "apphost-tests-postgres-pw-93d0a4";

    /// <summary>Image pulls, pip installs and three builds on a cold machine take minutes.</summary>
    public static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(10);

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartupTimeout);
        var cancellationToken = timeout.Token;

        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [
                $"Parameters:memory-api-key={ApiKey}",
                $"Parameters:memory-admin-key={AdminKey}",
                $"Parameters:neo4j-password={Neo4jPassword}",
                $"Parameters:postgres-password={PostgresPassword}",
                "Parameters:graph-store-provider=relational",
            ],
            cancellationToken);

        // Throwaway storage: the data volumes' names are shared with `dotnet run --project AppHost`, whose
        // databases were initialised with other passwords. Without a volume each container starts empty.
        foreach (var container in appHost.Resources.OfType<ContainerResource>())
        {
            foreach (var volume in container.Annotations.OfType<ContainerMountAnnotation>()
                         .Where(m => m.Type == ContainerMountType.Volume).ToList())
            {
                container.Annotations.Remove(volume);
            }
        }

        appHost.Services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddFilter(appHost.Environment.ApplicationName, LogLevel.Debug);
            logging.AddFilter("Aspire.", LogLevel.Warning);
        });
        appHost.Services.ConfigureHttpClientDefaults(clientBuilder => clientBuilder.AddStandardResilienceHandler());

        _app = await appHost.BuildAsync(cancellationToken);
        await _app.StartAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
