using System.Net;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api.Security;

/// <summary>Keys created at run time: hashed, with roles, listed without secrets, rotated and revoked; the
/// configured (bootstrap) keys keep working unchanged. Both stores.</summary>
public abstract class StoredKeysApiTests : MemoryApiTestBase
{
    [Fact]
    public async Task An_admin_creates_keys_whose_roles_hold_and_the_store_keeps_only_a_digest()
    {
        using var admin = Factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey);
        var reader = await CreateAsync(admin, "caregiver dashboard", "read");
        var writer = await CreateAsync(admin, "chat app", "write");
        await AddAsync(new { messages = "I like tea.", user_id = "ana", infer = false });

        using var readClient = Factory.CreateAuthorizedClient(reader.Str("secret"));
        Assert.Single((await (await readClient.GetAsync("/memories?user_id=ana")).ReadJsonAsync()).Results());
        await (await readClient.PostJsonAsync("/search", new { query = "tea", user_id = "ana" })).ReadJsonAsync();
        await (await readClient.PostJsonAsync("/memories", new { messages = "x", user_id = "ana", infer = false })).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await readClient.DeleteAsync("/users/ana")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await readClient.GetAsync("/admin/keys")).ReadProblemAsync(HttpStatusCode.Forbidden);

        using var writeClient = Factory.CreateAuthorizedClient(writer.Str("secret"));
        var added = (await (await writeClient.PostJsonAsync("/memories", new { messages = "I like cake.", user_id = "ana", infer = false })).ReadJsonAsync()).Results()[0];
        var history = (await (await Client.GetAsync($"/memories/{added.Str("id")}/history")).ReadJsonAsync()).Results();
        Assert.Equal(writer.Str("id"), history[0].Str("actor_key_id"));
        await (await writeClient.GetAsync("/admin/keys")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await Client.GetAsync("/admin/keys")).ReadProblemAsync(HttpStatusCode.Forbidden);

        var listed = await (await admin.GetAsync("/admin/keys")).Content.ReadAsStringAsync();
        Assert.Contains("\"bootstrap-app\"", listed, StringComparison.Ordinal);
        Assert.Contains("caregiver dashboard", listed, StringComparison.Ordinal);
        foreach (var secret in new[] { reader.Str("secret"), writer.Str("secret"), MemoryApiFactory.AppKey, MemoryApiFactory.AdminKey })
        {
            Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        }

        var rows = await Store.QueryAsync("SELECT secret_sha256 FROM {s}api_keys ORDER BY created_at");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Matches("^[0-9a-f]{64}$", (string)r[0]!));
        Assert.DoesNotContain(rows, r => (string)r[0]! == reader.Str("secret"));
    }

    [Fact]
    public async Task Rotation_replaces_the_secret_and_revocation_ends_the_key()
    {
        using var admin = Factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey);
        var key = await CreateAsync(admin, "worker", "write");
        var id = key.Str("id");

        var rotated = await (await admin.PostAsync($"/admin/keys/{id}/rotate", null)).ReadJsonAsync();

        Assert.NotEqual(key.Str("secret"), rotated.Str("secret"));
        using var old = Factory.CreateAuthorizedClient(key.Str("secret"));
        await (await old.GetAsync("/memories?user_id=ana")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        using var current = Factory.CreateAuthorizedClient(rotated.Str("secret"));
        await (await current.GetAsync("/memories?user_id=ana")).ReadJsonAsync();

        var revoked = await (await admin.DeleteAsync($"/admin/keys/{id}")).ReadJsonAsync();
        Assert.False(string.IsNullOrEmpty(revoked.Str("revoked_at")));
        await (await current.GetAsync("/memories?user_id=ana")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await admin.DeleteAsync($"/admin/keys/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PostAsync($"/admin/keys/{id}/rotate", null)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PostAsync("/admin/keys/bootstrap-app/rotate", null)).ReadProblemAsync(HttpStatusCode.NotFound);
        await AddAsync(new { messages = "The bootstrap key still works.", user_id = "ana", infer = false });
    }

    [Theory]
    [InlineData("""{"name":"x","role":"owner"}""")]
    [InlineData("""{"name":"","role":"read"}""")]
    [InlineData("""{"role":"read"}""")]
    [InlineData("""{"name":"a\u0000b","role":"read"}""")]
    [InlineData("""{"name":"a\ud800","role":"read"}""")]
    [InlineData("""{"name":"a\nb","role":"read"}""")]
    [InlineData("""{"name":42,"role":"read"}""")]
    public async Task Bad_key_requests_are_400_and_create_nothing(string body)
    {
        using var admin = Factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey);

        await (await admin.PostRawAsync("/admin/keys", body)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Empty(await Store.QueryAsync("SELECT id FROM {s}api_keys"));
    }

    private static async Task<System.Text.Json.JsonElement> CreateAsync(HttpClient admin, string name, string role) =>
        await (await admin.PostJsonAsync("/admin/keys", new { name, role })).ReadJsonAsync(HttpStatusCode.Created);
}

public sealed class SqliteStoredKeysApiTests : StoredKeysApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresStoredKeysApiTests : StoredKeysApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
