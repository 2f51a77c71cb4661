using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api.Security;

/// <summary>Keys belong to tenants: a tenant's admin key administers its tenant only, the operator (the configured admin
/// key) every tenant; store-wide routes are the operator's. None of this reads memories, so it holds on both stores
/// whether or not they filter data by tenant.</summary>
public abstract class TenantKeysAdminApiTests : TenantApiTestBase
{
    [Fact]
    public async Task A_tenant_admin_creates_and_lists_keys_only_in_its_tenant()
    {
        var t1Admin = await KeyAsync("t1", "admin");

        var own = await CreateKeyAsync(new { name = "t1 app", role = "write" }, t1Admin);
        Assert.Equal("t1", own.Str("tenant"));
        var named = await CreateKeyAsync(new { name = "t1 reader", role = "read", tenant = "t1", user_ids = new[] { "ana", "ana", "bob" } }, t1Admin);
        Assert.Equal(["ana", "bob"], named.GetProperty("user_ids").EnumerateArray().Select(e => e.GetString()));
        await (await t1Admin.PostJsonAsync("/admin/keys", new { name = "sneaky", role = "admin", tenant = "t2" })).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await t1Admin.PostJsonAsync("/admin/keys", new { name = "sneaky", role = "write", tenant = "default" })).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await t1Admin.GetAsync("/admin/keys?tenant=t2")).ReadProblemAsync(HttpStatusCode.Forbidden);

        var t1List = await (await t1Admin.GetAsync("/admin/keys")).ReadJsonAsync();
        Assert.All(t1List.Results(), k => Assert.Equal("t1", k.Str("tenant")));
        Assert.Equal(3, t1List.Results().Length);
        Assert.DoesNotContain(t1List.Results(), k => k.Str("id") == "bootstrap-app");
        var text = t1List.GetRawText();
        Assert.DoesNotContain(own.Str("secret"), text, StringComparison.Ordinal);
        Assert.DoesNotContain(named.Str("secret"), text, StringComparison.Ordinal);

        var t2Key = await CreateKeyAsync(new { name = "t2 app", role = "write", tenant = "t2" });
        Assert.Equal("t2", t2Key.Str("tenant"));
        var all = (await (await Operator.GetAsync("/admin/keys")).ReadJsonAsync()).Results();
        Assert.Contains(all, k => k.Str("id") == "bootstrap-app" && k.Str("tenant") == "default");
        Assert.Contains(all, k => k.Str("id") == t2Key.Str("id"));
        Assert.Equal(3, all.Count(k => k.Str("tenant") == "t1"));
        var onlyT2 = (await (await Operator.GetAsync("/admin/keys?tenant=t2")).ReadJsonAsync()).Results();
        Assert.Equal([t2Key.Str("id")], onlyT2.Select(k => k.Str("id")));

        var rows = await Store.QueryAsync("SELECT tenant_id FROM {s}api_keys ORDER BY created_at, id");
        Assert.Equal(["t1", "t1", "t1", "t2"], rows.Select(r => (string)r[0]!));
    }

    [Theory]
    [InlineData("""{"name":"x","role":"admin","user_ids":["ana"]}""")]
    [InlineData("""{"name":"x","role":"admin","user_id_prefix":"org1-"}""")]
    [InlineData("""{"name":"x","role":"read","user_ids":[]}""")]
    [InlineData("""{"name":"x","role":"read","user_ids":[""]}""")]
    [InlineData("""{"name":"x","role":"read","user_ids":[null]}""")]
    [InlineData("""{"name":"x","role":"read","user_ids":[42]}""")]
    [InlineData("""{"name":"x","role":"read","user_ids":"ana"}""")]
    [InlineData("""{"name":"x","role":"read","user_ids":["a\u0000b"]}""")]
    [InlineData("""{"name":"x","role":"read","user_ids":["a\ud800"]}""")]
    [InlineData("""{"name":"x","role":"read","user_id_prefix":"a\ud800"}""")]
    [InlineData("""{"name":"x","role":"read","tenant":"t\ud800"}""")]
    [InlineData("""{"name":"x","role":"read","tenant":"t\u00e9"}""")]
    [InlineData("""{"name":"x","role":"read","tenant":42}""")]
    [InlineData("""{"name":"x","role":"read","user_id_prefix":""}""")]
    [InlineData("""{"name":"x","role":"read","user_id_prefix":" "}""")]
    [InlineData("""{"name":"x","role":"read","tenant":""}""")]
    [InlineData("""{"name":"x","role":"read","tenant":"has space"}""")]
    [InlineData("""{"name":"x","role":"read","tenant":"-dash-first"}""")]
    public async Task Bad_tenant_or_restriction_is_400_and_creates_nothing(string body)
    {
        await (await Operator.PostRawAsync("/admin/keys", body)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Empty(await Store.QueryAsync("SELECT id FROM {s}api_keys"));
    }

    [Fact]
    public async Task More_than_a_thousand_user_ids_is_400()
    {
        var ids = Enumerable.Range(0, 1001).Select(i => $"user-{i}").ToArray();

        await (await Operator.PostJsonAsync("/admin/keys", new { name = "x", role = "read", user_ids = ids })).ReadProblemAsync(HttpStatusCode.BadRequest);
        var fine = await CreateKeyAsync(new { name = "x", role = "read", user_ids = ids[..1000] });
        Assert.Equal(1000, fine.GetProperty("user_ids").GetArrayLength());
    }

    [Fact]
    public async Task Rotating_or_revoking_another_tenants_key_is_404_and_changes_nothing()
    {
        var t1Admin = await KeyAsync("t1", "admin");
        var t2Key = await CreateKeyAsync(new { name = "t2 app", role = "write", tenant = "t2" });
        var t2Id = t2Key.Str("id");

        await (await t1Admin.PostAsync($"/admin/keys/{t2Id}/rotate", null)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await t1Admin.DeleteAsync($"/admin/keys/{t2Id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        using var t2Client = Factory.CreateAuthorizedClient(t2Key.Str("secret"));
        await (await t2Client.GetAsync("/admin/keys")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await t2Client.GetAsync("/turns/scopes")).ReadJsonAsync();

        // Its own tenant's keys it rotates and revokes; the operator reaches every tenant's (a leaked key must be revocable).
        var t1Key = await CreateKeyAsync(new { name = "t1 app", role = "write" }, t1Admin);
        var rotated = await (await t1Admin.PostAsync($"/admin/keys/{t1Key.Str("id")}/rotate", null)).ReadJsonAsync();
        Assert.Equal("t1", rotated.Str("tenant"));
        Assert.NotEqual(t1Key.Str("secret"), rotated.Str("secret"));
        var revoked = await (await t1Admin.DeleteAsync($"/admin/keys/{t1Key.Str("id")}")).ReadJsonAsync();
        Assert.False(string.IsNullOrEmpty(revoked.Str("revoked_at")));
        var byOperator = await (await Operator.DeleteAsync($"/admin/keys/{t2Id}")).ReadJsonAsync();
        Assert.Equal("t2", byOperator.Str("tenant"));
        await (await t2Client.GetAsync("/turns/scopes")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/reset")]
    [InlineData("/admin/embeddings/reembed")]
    [InlineData("/admin/graph/rebuild")]
    [InlineData("/admin/import?defer_index=true")]
    public async Task Store_wide_routes_are_403_for_a_stored_admin_key_of_any_tenant(string route)
    {
        await AddAsync(new { messages = "I like tea.", user_id = "ana", infer = false });
        var t1Admin = await KeyAsync("t1", "admin");
        var defaultAdmin = await KeyAsync("default", "admin");

        foreach (var admin in new[] { t1Admin, defaultAdmin })
        {
            var detail = await (await admin.PostAsync(route, new StringContent("[]", System.Text.Encoding.UTF8, "application/json"))).ReadProblemAsync(HttpStatusCode.Forbidden);
            Assert.Contains("operator", detail, StringComparison.Ordinal);
        }

        Assert.Single(await ListAsync("user_id=ana"));
    }

    [Fact]
    public async Task The_operator_still_resets_everything()
    {
        var t2 = await KeyAsync("t2");
        await AddAsync(new { messages = "I like tea.", user_id = "ana", infer = false });
        await AddOneAsync(t2, "I like coffee.", "ana");

        await (await Operator.PostAsync("/reset", null)).ReadJsonAsync();

        Assert.Empty(await Store.QueryAsync("SELECT id FROM {s}memories"));
    }

    [Fact]
    public async Task Job_leases_and_checkpoints_are_per_tenant_and_answer_the_bare_name()
    {
        var t1 = await KeyAsync("t1");
        var t2 = await KeyAsync("t2");

        var t1Lease = await (await t1.PostJsonAsync("/jobs/distill/lease", new { holder = "w1", ttl_seconds = 60 })).ReadJsonAsync();
        Assert.Equal("distill", t1Lease.Str("job"));
        await (await t2.PostJsonAsync("/jobs/distill/lease", new { holder = "w2", ttl_seconds = 60 })).ReadJsonAsync();
        await (await Client.PostJsonAsync("/jobs/distill/lease", new { holder = "w0", ttl_seconds = 60 })).ReadJsonAsync();
        await (await t1.PostJsonAsync("/jobs/distill/lease", new { holder = "w9", ttl_seconds = 60 })).ReadProblemAsync(HttpStatusCode.Conflict);

        var written = await (await t1.PutAsJsonAsync("/jobs/distill/checkpoint", new { holder = "w1", token = t1Lease.GetProperty("token").GetInt64(), watermark = 42 })).ReadJsonAsync();
        Assert.Equal("distill", written.Str("job"));
        Assert.Equal(42, (await (await t1.GetAsync("/jobs/distill/checkpoint")).ReadJsonAsync()).GetProperty("watermark").GetInt64());
        Assert.Equal(JsonValueKind.Null, (await (await t2.GetAsync("/jobs/distill/checkpoint")).ReadJsonAsync()).GetProperty("watermark").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await (await Client.GetAsync("/jobs/distill/checkpoint")).ReadJsonAsync()).GetProperty("watermark").ValueKind);

        // t2 cannot release or fence t1's lease with t1's token: in t2's namespace that generation does not exist.
        await (await t2.DeleteAsync($"/jobs/distill/lease?holder=w1&token={t1Lease.GetProperty("token").GetInt64()}")).ReadProblemAsync(HttpStatusCode.Conflict);
        await (await t1.PostJsonAsync("/jobs/distill/lease", new { holder = "w1", ttl_seconds = 60, token = t1Lease.GetProperty("token").GetInt64() })).ReadJsonAsync();

        // The default tenant keeps the names it always had (no migration); another tenant's are prefixed.
        var jobs = (await Store.QueryAsync("SELECT job FROM {s}jobs ORDER BY job")).Select(r => (string)r[0]!).ToArray();
        Assert.Equal(["distill", "t1:distill", "t2:distill"], jobs);
    }

    [Fact]
    public async Task An_idempotency_key_never_replays_another_keys_answer()
    {
        var t1 = await KeyAsync("t1");
        var t2 = await KeyAsync("t2");
        var body = new { messages = "I like tea.", user_id = "ana", infer = false };

        var first = await PostIdempotentAsync(t1, body);
        var second = await PostIdempotentAsync(t2, body);
        var again = await PostIdempotentAsync(t1, body);

        // t2's request ran (its own answer, not a replay of t1's); t1's retry is t1's replay.
        await first.ReadJsonAsync();
        await second.ReadJsonAsync();
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", (await again.ReadJsonAsync()).ValueKind == JsonValueKind.Object ? again.Headers.GetValues("Idempotent-Replayed").Single() : null);
    }

    private static Task<HttpResponseMessage> PostIdempotentAsync(HttpClient client, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/memories") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", "same-key-1");
        return client.SendAsync(request);
    }
}

public sealed class SqliteTenantKeysAdminApiTests : TenantKeysAdminApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresTenantKeysAdminApiTests : TenantKeysAdminApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
