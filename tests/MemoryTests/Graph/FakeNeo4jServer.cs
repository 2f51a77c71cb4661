using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryTests.Graph;

/// <summary>
/// Speaks the shape of Neo4j's HTTP Query API (POST /db/{database}/query/v2 answering 202 with {"data": {"fields",
/// "values"}}) on a loopback port and records every request, so the provider's wire format is tested without Neo4j.
/// It executes no Cypher: CypherSyntaxTests parses what it records with Neo4j's grammar, and what the statements do is
/// covered by the Neo4j conformance suite when NEO4J_URI is set.
/// </summary>
internal sealed class FakeNeo4jServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(string Path, string? Authorization, JsonDocument Body)> _requests = [];

    private FakeNeo4jServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>When set, every request is answered with Neo4j's error shape and this status.</summary>
    public int? FailWith { get; set; }

    public IReadOnlyList<(string Path, string? Authorization, JsonDocument Body)> Requests { get { lock (_requests) { return [.. _requests]; } } }

    public IReadOnlyList<string> Statements => Requests.Select(r => r.Body.RootElement.GetProperty("statement").GetString()!).ToList();

    public static async Task<FakeNeo4jServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeNeo4jServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    public void Clear()
    {
        lock (_requests)
        {
            _requests.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonDocument.ParseAsync(context.Request.Body);
        lock (_requests)
        {
            _requests.Add((context.Request.Path.Value ?? string.Empty, context.Request.Headers.Authorization.ToString(), body));
        }

        context.Response.ContentType = "application/json";
        if (FailWith is { } status)
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync("""{"errors": [{"code": "Neo.TransientError.General.DatabaseUnavailable", "message": "scripted failure"}]}""");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await context.Response.WriteAsync("""{"data": {"fields": [], "values": []}, "bookmarks": []}""");
    }
}
