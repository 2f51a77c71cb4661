using System.Net;
using MemoryApi.Auth;
using MemoryTests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MemoryTests.Api.Security;

/// <summary>
/// No silent open door: without any key the memory routes are open on loopback (with a loud warning), and refused with a
/// 503 problem on a network address unless Auth:AllowAnonymousOnNetwork is set. Real Kestrel, real sockets.
/// </summary>
public sealed class OpenAccessTests : IAsyncLifetime
{
    private readonly SqliteTestStore _store = new();
    private readonly LogCapture _logs = new();
    private MemoryApiFactory? _factory;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await _store.DisposeAsync();
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://127.8.9.10:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("https://[::1]:5001", true)]
    [InlineData("http://unix:/run/memory.sock", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://*:80", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://192.168.1.20:8080", false)]
    [InlineData("http://memory.example.org:80", false)]
    [InlineData("not an address", false)]
    public void Only_loopback_addresses_are_local(string address, bool local) => Assert.Equal(local, ListenAddresses.IsLocal(address));

    [Fact]
    public async Task Without_a_key_on_loopback_memory_routes_are_open_and_a_warning_says_so()
    {
        using var client = Start(IPAddress.Loopback, keys: false);

        await (await client.GetAsync("/memories?user_id=ana")).ReadJsonAsync();

        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("NO API KEY CONFIGURED", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/reset", null)).StatusCode);
    }

    [Fact]
    public async Task Without_a_key_on_a_network_address_memory_routes_answer_503_and_health_still_answers()
    {
        using var client = Start(IPAddress.Any, keys: false);

        var detail = await (await client.GetAsync("/memories?user_id=ana")).ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        await (await client.PostJsonAsync("/v3/memories/add/", new { messages = "x", user_id = "ana" })).ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        await (await client.PostJsonAsync("/search", new { query = "x", user_id = "ana" })).ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        // The MCP endpoint is a memory route like the others: refused before the MCP handler runs.
        await (await client.PostJsonAsync("/mcp", new { jsonrpc = "2.0", id = 1, method = "tools/list" })).ReadProblemAsync(HttpStatusCode.ServiceUnavailable);

        Assert.Contains("MEMORY_API_KEY", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Critical && e.Message.Contains("0.0.0.0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Allowing_anonymous_access_on_the_network_is_an_explicit_setting()
    {
        using var client = Start(IPAddress.Any, keys: false, new() { ["Auth:AllowAnonymousOnNetwork"] = "true" });

        await (await client.GetAsync("/memories?user_id=ana")).ReadJsonAsync();

        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("NO API KEY CONFIGURED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_key_a_network_address_serves_keyed_requests_and_refuses_others_with_401()
    {
        using var client = Start(IPAddress.Any, keys: true);

        await (await client.GetAsync("/memories?user_id=ana")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PostJsonAsync("/mcp", new { jsonrpc = "2.0", id = 1, method = "tools/list" })).ReadProblemAsync(HttpStatusCode.Unauthorized);
        client.DefaultRequestHeaders.Add("X-API-Key", MemoryApiFactory.AppKey);
        await (await client.GetAsync("/memories?user_id=ana")).ReadJsonAsync();
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("NO API KEY CONFIGURED", StringComparison.Ordinal));
    }

    private HttpClient Start(IPAddress listen, bool keys, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        if (!keys)
        {
            settings["MEMORY_API_KEY"] = null;
            settings["MEMORY_ADMIN_KEY"] = null;
        }

        _factory = new MemoryApiFactory(_store, settings, services => services.AddSingleton<ILoggerProvider>(_logs));
        _factory.UseKestrel(options => options.Listen(listen, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{new Uri(address).Port}") };
    }
}
