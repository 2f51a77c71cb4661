using DistillationWorker.Client;
using DistillationWorker.Pass;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DistillationWorker.Tests.Integration;

/// <summary>
/// The real DistillationWorker in process (its own Program, DI, resilience and service-discovery handlers), with
/// MemoryApiClient's primary handler pointed at the in-process MemoryApi. Any public type of the worker assembly
/// names the entry point; the worker's Program is internal so it does not clash with MemoryApi's.
/// </summary>
public sealed class WorkerHost(
    MemoryApiHost memoryApi,
    IDictionary<string, string?>? overrides = null,
    Action<IServiceCollection>? configureServices = null) : WebApplicationFactory<DistillationPass>
{
    public string DataDir { get; } = Directory.CreateTempSubdirectory("distillation-worker-").FullName;

    /// <summary>Requests for which this returns a response are answered by it instead of MemoryApi.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage?>? Fault { get; set; }

    /// <summary>Awaited before each request to MemoryApi is sent (with the request's cancellation token), to hold a pass at a chosen step.</summary>
    public Func<HttpRequestMessage, CancellationToken, Task>? BeforeSend { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["MEMORY_API_KEY"] = MemoryApiHost.AppKey,
            ["MemoryApi:BaseUrl"] = "http://localhost",
            ["Distillation:Schedule"] = "off",
            ["Distillation:SettleSeconds"] = "0",
            ["Distillation:DataDir"] = DataDir,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddHttpClient<MemoryApiClient>()
                .AddHttpMessageHandler(() => new FaultInjectingHandler(this))
                .ConfigurePrimaryHttpMessageHandler(() => memoryApi.Server.CreateHandler());
            configureServices?.Invoke(services);
        });
    }

    /// <summary>Runs one pass through DI, as the scheduler does.</summary>
    public async Task<PassResult> RunPassAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DistillationPass>().RunAsync(PassTrigger.OnDemand, TestContext.Current.CancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(DataDir, recursive: true);
    }

    private sealed class FaultInjectingHandler(WorkerHost host) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (host.BeforeSend is { } beforeSend)
            {
                await beforeSend(request, cancellationToken);
            }

            return host.Fault?.Invoke(request) ?? await base.SendAsync(request, cancellationToken);
        }
    }
}
