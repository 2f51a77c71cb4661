using System.Net;
using System.Text.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api;

/// <summary>The job lease and checkpoint routes, on both stores (subclasses at the bottom).</summary>
public abstract class JobsApiTests : MemoryApiTestBase
{
    private Task<HttpResponseMessage> AcquireAsync(string holder, long? token = null, int ttlSeconds = 300, string job = "distillation") =>
        Client.PostJsonAsync($"/jobs/{job}/lease", new { holder, ttl_seconds = ttlSeconds, token });

    private Task<HttpResponseMessage> WriteAsync(string holder, long token, long watermark) =>
        Client.PutAsync("/jobs/distillation/checkpoint", System.Net.Http.Json.JsonContent.Create(new { holder, token, watermark }));

    private async Task<JsonElement> CheckpointAsync() => await (await Client.GetAsync("/jobs/distillation/checkpoint")).ReadJsonAsync();

    [Fact]
    public async Task A_lease_is_acquired_renewed_and_released_and_a_held_one_is_a_409_naming_its_holder()
    {
        var lease = await (await AcquireAsync("worker-a")).ReadJsonAsync();
        var token = lease.GetProperty("token").GetInt64();

        using var held = await AcquireAsync("worker-b");
        var heldBody = await held.ReadJsonAsync(HttpStatusCode.Conflict);
        var renewed = await (await AcquireAsync("worker-a", token, ttlSeconds: 600)).ReadJsonAsync();
        using var released = await Client.DeleteAsync($"/jobs/distillation/lease?holder=worker-a&token={token}");
        var next = await (await AcquireAsync("worker-b")).ReadJsonAsync();

        Assert.Equal(("distillation", "worker-a", 1L), (lease.Str("job"), lease.Str("holder"), token));
        Assert.True(lease.GetProperty("expires_at").GetDateTimeOffset() > lease.GetProperty("acquired_at").GetDateTimeOffset());
        Assert.Equal("application/problem+json", held.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Lease held", heldBody.Str("title"));
        Assert.Equal("worker-a", heldBody.Str("holder"));
        Assert.Equal(lease.GetProperty("expires_at").GetDateTimeOffset(), heldBody.GetProperty("expires_at").GetDateTimeOffset());
        Assert.Equal(token, renewed.GetProperty("token").GetInt64());
        Assert.True(renewed.GetProperty("expires_at").GetDateTimeOffset() > lease.GetProperty("expires_at").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);
        Assert.Equal(("worker-b", 2L), (next.Str("holder"), next.GetProperty("token").GetInt64()));
    }

    [Fact]
    public async Task The_checkpoint_is_written_by_the_holder_and_a_taken_over_generation_is_fenced_with_409()
    {
        Assert.Equal(JsonValueKind.Null, (await CheckpointAsync()).GetProperty("watermark").ValueKind);
        var stale = (await (await AcquireAsync("worker-a")).ReadJsonAsync()).GetProperty("token").GetInt64();
        var written = await (await WriteAsync("worker-a", stale, 42)).ReadJsonAsync();
        await (await Client.DeleteAsync($"/jobs/distillation/lease?holder=worker-a&token={stale}")).ReadJsonAsync(HttpStatusCode.NoContent);
        var current = (await (await AcquireAsync("worker-b")).ReadJsonAsync()).GetProperty("token").GetInt64();

        var fenced = await (await WriteAsync("worker-a", stale, 99)).ReadJsonAsync(HttpStatusCode.Conflict);
        var renew = await (await AcquireAsync("worker-a", stale)).ReadJsonAsync(HttpStatusCode.Conflict);
        var release = await (await Client.DeleteAsync($"/jobs/distillation/lease?holder=worker-a&token={stale}")).ReadJsonAsync(HttpStatusCode.Conflict);

        Assert.Equal(42, written.GetProperty("watermark").GetInt64());
        Assert.All(new[] { fenced, renew, release }, problem =>
        {
            Assert.Equal("Lease lost", problem.Str("title"));
            Assert.Equal("worker-b", problem.Str("holder"));
        });
        Assert.Equal(42, (await CheckpointAsync()).GetProperty("watermark").GetInt64());
        var byCurrent = await (await WriteAsync("worker-b", current, 50)).ReadJsonAsync();
        Assert.Equal(50, byCurrent.GetProperty("watermark").GetInt64());
        Assert.Equal(50, (await CheckpointAsync()).GetProperty("watermark").GetInt64());
    }

    [Theory]
    [InlineData("POST", "/jobs/Distillation/lease", """{"holder":"a","ttl_seconds":60}""")]
    [InlineData("POST", "/jobs/1job/lease", """{"holder":"a","ttl_seconds":60}""")]
    [InlineData("POST", "/jobs/a%20b/lease", """{"holder":"a","ttl_seconds":60}""")]
    [InlineData("POST", "/jobs/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/lease", """{"holder":"a","ttl_seconds":60}""")]
    [InlineData("POST", "/jobs/distillation/lease", """{"ttl_seconds":60}""")]
    [InlineData("POST", "/jobs/distillation/lease", """{"holder":"has space","ttl_seconds":60}""")]
    [InlineData("POST", "/jobs/distillation/lease", """{"holder":"a"}""")]
    [InlineData("POST", "/jobs/distillation/lease", """{"holder":"a","ttl_seconds":0}""")]
    [InlineData("POST", "/jobs/distillation/lease", """{"holder":"a","ttl_seconds":86401}""")]
    [InlineData("POST", "/jobs/distillation/lease", """{"holder":"a","ttl_seconds":60,"token":0}""")]
    [InlineData("POST", "/jobs/distillation/lease", """{"holder":"a","ttl_seconds":"soon"}""")]
    [InlineData("PUT", "/jobs/distillation/checkpoint", """{"holder":"a","token":1}""")]
    [InlineData("PUT", "/jobs/distillation/checkpoint", """{"holder":"a","token":1,"watermark":-1}""")]
    [InlineData("PUT", "/jobs/distillation/checkpoint", """{"holder":"a","watermark":1}""")]
    [InlineData("DELETE", "/jobs/distillation/lease?holder=a", null)]
    [InlineData("DELETE", "/jobs/distillation/lease?token=1", null)]
    [InlineData("GET", "/jobs/BAD/checkpoint", null)]
    public async Task Bad_names_holders_ttls_tokens_and_watermarks_are_400_problems(string method, string path, string? json)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        var detail = await (await Client.SendAsync(request)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.False(string.IsNullOrWhiteSpace(detail));
        Assert.Equal(JsonValueKind.Null, (await CheckpointAsync()).GetProperty("watermark").ValueKind);
    }

    [Fact]
    public async Task Job_routes_need_the_app_key()
    {
        using var anonymous = Factory.CreateClient();

        await (await anonymous.GetAsync("/jobs/distillation/checkpoint")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostJsonAsync("/jobs/distillation/lease", new { holder = "a", ttl_seconds = 60 })).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }
}

public sealed class SqliteJobsApiTests : JobsApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresJobsApiTests : JobsApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
