using Aspire.Hosting.Testing;
using Microsoft.Extensions.Logging;

namespace AppHost.Tests.Topology;

/// <summary>The AppHost under test, configured the way these tests need it.</summary>
public static class TopologyBuilder
{
    public static async Task<IDistributedApplicationTestingBuilder> CreateAsync(
        string dataDirectory, string[] extraArguments, CancellationToken cancellationToken)
    {
        // Known keys instead of the generated, user-secrets-persisted ones: tests never write the AppHost's secrets.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [
                "AppHost:Infrastructure=local",
                $"LocalPostgres:DataDir={dataDirectory}",
                $"Parameters:memory-api-key={TopologyFixture.ApiKey}",
                $"Parameters:memory-admin-key={TopologyFixture.AdminKey}",
                $"Parameters:django-demo-password={TopologyFixture.DjangoDemoPassword}",
                $"Parameters:django-secret-key={TopologyFixture.DjangoSecretKey}",
                .. extraArguments,
            ],
            cancellationToken);
        // The hashing embedder, fast and deterministic, as in every other test host: the default local model
        // (~450 MB a replica) has its own tests in MemoryTests (ParaphraseSearchTests and others).
        Environment(builder, "memoryapi", ("Embeddings__Provider", "hashing"));
        // The sample's logins in a database of this run (next to its PostgreSQL data, deleted with it), not in the
        // developer's DjangoSample/db.sqlite3.
        Environment(builder, "djangosample", ("DJANGO_DB_PATH", Path.Combine(Path.GetDirectoryName(dataDirectory)!, "django.sqlite3")));
        builder.Services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddFilter("Aspire.", LogLevel.Warning);
        });
        return builder;
    }

    /// <summary>Every resource that takes environment variables exports its telemetry to <paramref name="endpoint"/>.</summary>
    public static void ExportTelemetryTo(IDistributedApplicationTestingBuilder builder, Uri endpoint)
    {
        foreach (var resource in builder.Resources.OfType<IResourceWithEnvironment>())
        {
            // Added after the AppHost's own callbacks, so these values win.
            resource.Annotations.Add(new EnvironmentCallbackAnnotation(variables =>
            {
                variables["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint.ToString().TrimEnd('/');
                variables["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
                variables["OTEL_EXPORTER_OTLP_HEADERS"] = "";
                variables["OTEL_BSP_SCHEDULE_DELAY"] = "200";
                variables["OTEL_SERVICE_NAME"] = resource.Name;
            }));
        }
    }

    public static void Environment(IDistributedApplicationTestingBuilder builder, string resourceName, params (string Name, string Value)[] variables)
    {
        var resource = builder.Resources.OfType<IResourceWithEnvironment>().Single(r => r.Name == resourceName);
        resource.Annotations.Add(new EnvironmentCallbackAnnotation(environment =>
        {
            foreach (var (name, value) in variables)
            {
                environment[name] = value;
            }
        }));
    }
}
