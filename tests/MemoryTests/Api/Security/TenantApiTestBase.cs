using System.Net;
using System.Text.Json;

namespace MemoryTests.Api.Security;

/// <summary>Keys of several tenants, made by the operator (the configured admin key) through /admin/keys.</summary>
public abstract class TenantApiTestBase : MemoryApiTestBase
{
    private readonly List<HttpClient> _clients = [];

    protected HttpClient Operator { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Operator = Track(Factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey));
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await base.DisposeAsync();
    }

    /// <summary>Creates a key with <paramref name="creator"/> (the operator when null) and answers the created key.</summary>
    protected async Task<JsonElement> CreateKeyAsync(object body, HttpClient? creator = null) =>
        await (await (creator ?? Operator).PostJsonAsync("/admin/keys", body)).ReadJsonAsync(HttpStatusCode.Created);

    /// <summary>A client of a new key of <paramref name="tenant"/>.</summary>
    protected async Task<HttpClient> KeyAsync(string tenant, string role = "write", string[]? userIds = null, string? userIdPrefix = null)
    {
        var key = await CreateKeyAsync(new { name = $"{tenant} {role}", role, tenant, user_ids = userIds, user_id_prefix = userIdPrefix });
        return Track(Factory.CreateAuthorizedClient(key.Str("secret")));
    }

    protected static async Task<string> AddOneAsync(HttpClient client, string text, string userId) =>
        (await (await client.PostJsonAsync("/memories", new { messages = text, user_id = userId, infer = false })).ReadJsonAsync()).Results()[0].Str("id");

    private HttpClient Track(HttpClient client)
    {
        _clients.Add(client);
        return client;
    }
}
