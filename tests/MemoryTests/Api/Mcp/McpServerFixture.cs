using System.Net;
using System.Text.Json;
using MemoryTests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryTests.Api.Mcp;

/// <summary>
/// One MemoryApi on a real Kestrel port per test class and store (MCP clients and the node processes need a socket),
/// shared by the class's tests, which keep apart by using their own user ids and keys. Keys of two tenants, a restricted
/// key and a read-role key are made once through /admin/keys by the operator.
/// </summary>
public abstract class McpServerFixture : IAsyncLifetime
{
    private TestStore? _store;

    public MemoryApiFactory Factory { get; private set; } = null!;

    /// <summary>The service's base address, e.g. http://127.0.0.1:40123.</summary>
    public string Address { get; private set; } = null!;

    public Uri McpEndpoint => new($"{Address}/mcp");

    /// <summary>An app key of tenant "alpha" (the configured app key is the default tenant's).</summary>
    public string AlphaKey { get; private set; } = null!;

    /// <summary>An app key of tenant "beta".</summary>
    public string BetaKey { get; private set; } = null!;

    /// <summary>A write key of tenant "alpha" restricted to user ids starting with "allowed-".</summary>
    public string RestrictedKey { get; private set; } = null!;

    public string RestrictedKeyId { get; private set; } = null!;

    /// <summary>A read-role key of tenant "alpha".</summary>
    public string ReadKey { get; private set; } = null!;

    protected abstract TestStore CreateTestStore();

    public async ValueTask InitializeAsync()
    {
        _store = CreateTestStore();
        Factory = new MemoryApiFactory(_store);
        Factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        Address = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        using var admin = Http(MemoryApiFactory.AdminKey);
        AlphaKey = (await CreateKeyAsync(admin, new { name = "alpha app", role = "write", tenant = "alpha" })).Str("secret");
        BetaKey = (await CreateKeyAsync(admin, new { name = "beta app", role = "write", tenant = "beta" })).Str("secret");
        var restricted = await CreateKeyAsync(admin, new { name = "alpha restricted", role = "write", tenant = "alpha", user_id_prefix = "allowed-" });
        (RestrictedKey, RestrictedKeyId) = (restricted.Str("secret"), restricted.Str("id"));
        ReadKey = (await CreateKeyAsync(admin, new { name = "alpha reader", role = "read", tenant = "alpha" })).Str("secret");
    }

    public async ValueTask DisposeAsync()
    {
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    /// <summary>A plain HTTP client of the service with <paramref name="key"/>, to check what the service holds.</summary>
    public HttpClient Http(string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(Address) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", key);
        return client;
    }

    private static async Task<JsonElement> CreateKeyAsync(HttpClient admin, object body) =>
        await (await admin.PostJsonAsync("/admin/keys", body)).ReadJsonAsync(HttpStatusCode.Created);
}

public sealed class SqliteMcpServer : McpServerFixture
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresMcpServer : McpServerFixture
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
