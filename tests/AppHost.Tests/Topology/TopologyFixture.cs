using AppHost.Tests.Telemetry;
using MemoryTests.Fakes;
using Microsoft.Extensions.Logging;

namespace AppHost.Tests.Topology;

/// <summary>
/// The whole topology of AppHost/AppHost.cs, started once for the "topology" collection, in local mode (this
/// machine has no container engine): PostgreSQL + pgvector from local binaries with its data in a fresh folder, two
/// MemoryApi replicas, two distillation workers and the Django sample, with a scripted OpenAI-compatible server as
/// the LLM and an OTLP collector where the dashboard would be.
/// </summary>
public sealed class TopologyFixture : IAsyncLifetime
{
    public const string ApiKey = "apphost-tests-app-key-2f9c41d7b3e8";
    public const string AdminKey = "apphost-tests-admin-key-8a1e6c0b5d94";
    public const string DjangoDemoPassword = "apphost-tests-demo-password-5c2e9a";
    public const string DjangoSecretKey = "apphost-tests-django-secret-key-0b7d3f61a9c4e2";

    /// <summary>Builds are done by then; PostgreSQL's first initdb and three services starting on 2 cores take most of it.</summary>
    public static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(4);

    public const int MemoryApiReplicas = 2;

    public const int WorkerReplicas = 2;

    public static readonly string[] ServiceResources = ["postgres", "memoryapi", "distillationworker", "djangosample"];

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    public OtlpCollector Collector { get; private set; } = null!;

    public FakeOpenAiServer Llm { get; private set; } = null!;

    public string DataDirectory { get; } = TestFolders.PostgresDataDirectory();

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartupTimeout);
        var cancellationToken = timeout.Token;
        Llm = await FakeOpenAiServer.StartAsync(cancellationToken);
        ScriptedLlm.Apply(Llm);
        Collector = await OtlpCollector.StartAsync(cancellationToken);

        var builder = await TopologyBuilder.CreateAsync(
            DataDirectory,
            [
                $"MemoryApi:Replicas={MemoryApiReplicas}",
                $"DistillationWorker:Replicas={WorkerReplicas}",
                $"Parameters:llm-base-url={Llm.BaseUrl}",
                "Parameters:llm-model=fake-chat",
            ],
            cancellationToken);
        TopologyBuilder.ExportTelemetryTo(builder, Collector.Endpoint);
        TopologyBuilder.Environment(builder, "memoryapi", ("Graph__Extractor", "heuristic"), ("Llm__MaxRetries", "0"));
        TopologyBuilder.Environment(builder, "distillationworker", ("Distillation__SettleSeconds", "0"));
        // The outage test opens the sample's circuit breaker; the tests after it must not wait 30 s for it to close.
        TopologyBuilder.Environment(builder, "djangosample", ("MEMORY_BREAKER_OPEN_SECONDS", "1"));

        _app = await builder.BuildAsync(cancellationToken);
        await _app.StartAsync(cancellationToken);
        foreach (var resource in ServiceResources)
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
        }
    }

    public HttpClient MemoryApiClient()
    {
        var http = App.CreateHttpClient("memoryapi");
        http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        return http;
    }

    public Uri DjangoUrl => App.GetEndpoint("djangosample", "http");

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await Collector.DisposeAsync();
        await Llm.DisposeAsync();
        TestFolders.Delete(DataDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class TopologyCollection : ICollectionFixture<TopologyFixture>
{
    public const string Name = "topology";
}
