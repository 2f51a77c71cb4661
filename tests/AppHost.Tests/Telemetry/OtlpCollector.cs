using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace AppHost.Tests.Telemetry;

/// <summary>
/// An OTLP/HTTP (protobuf) receiver on loopback standing where the dashboard's would: every service of the topology
/// exports to it, so a test can follow one trace across processes. Logs and metrics are accepted and dropped.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<CollectedSpan> _spans = new();

    private OtlpCollector(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<CollectedSpan> Spans => [.. _spans];

    public static async Task<OtlpCollector> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.Run(collector.ReceiveAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        collector.Endpoint = new Uri(address);
        return collector;
    }

    /// <summary>Waits until the spans of <paramref name="traceId"/> satisfy <paramref name="complete"/>, or the time is up.</summary>
    public async Task<IReadOnlyList<CollectedSpan>> TraceAsync(
        string traceId, Func<IReadOnlyList<CollectedSpan>, bool> complete, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var trace = Spans.Where(s => s.TraceId == traceId).ToList();
            if (complete(trace) || DateTime.UtcNow > deadline)
            {
                return trace;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (context.Request.Path == "/v1/traces")
        {
            foreach (var span in OtlpTraceDecoder.Decode(buffer.ToArray()))
            {
                _spans.Enqueue(span);
            }
        }

        // An empty Export*ServiceResponse: full success.
        context.Response.ContentType = "application/x-protobuf";
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
