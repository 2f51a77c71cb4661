using System.Net;
using System.Text.Json;

namespace DistillationWorker.Tests.Integration;

/// <summary>POST /distill/run and the health endpoints of the worker.</summary>
public sealed class TriggerEndpointTests : IAsyncLifetime
{
    private MemoryApiHost _memoryApi = null!;
    private WorkerHost _worker = null!;

    public ValueTask InitializeAsync()
    {
        _memoryApi = new MemoryApiHost();
        _worker = new WorkerHost(_memoryApi);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.DisposeAsync();
        await _memoryApi.DisposeAsync();
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();

    [Fact]
    public async Task Without_the_key_the_trigger_is_refused_with_a_problem()
    {
        using var client = _worker.CreateClient();

        using var none = await client.PostAsync("/distill/run", null, TestContext.Current.CancellationToken);
        client.DefaultRequestHeaders.Add("X-API-Key", "wrong");
        using var wrong = await client.PostAsync("/distill/run", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Theory]
    [InlineData("Authorization", "Token " + MemoryApiHost.AppKey)]
    [InlineData("Authorization", "Bearer " + MemoryApiHost.AppKey)]
    [InlineData("X-API-Key", MemoryApiHost.AppKey)]
    public async Task With_the_key_a_pass_runs_and_returns_counts(string header, string value)
    {
        using (var api = _memoryApi.CreateAuthorizedClient())
        {
            await api.SeedAsync("ana", "r1", "Painting with watercolours.");
        }

        using var client = _worker.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation(header, value);
        using var response = await client.PostAsync("/distill/run", null, TestContext.Current.CancellationToken);
        var body = await BodyAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("completed", body.GetProperty("status").GetString());
        Assert.Equal("on_demand", body.GetProperty("trigger").GetString());
        Assert.Equal(1, body.GetProperty("people").GetInt32());
        Assert.Equal(2, body.GetProperty("turns_read").GetInt32());
        Assert.Equal(0, body.GetProperty("patterns_written").GetInt32());
        Assert.True(body.GetProperty("watermark_after").GetInt64() > 0);
    }

    [Fact]
    public async Task A_pass_while_another_holds_the_lease_is_busy_and_names_the_holder()
    {
        using var client = _worker.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", MemoryApiHost.AppKey);
        using var api = _memoryApi.CreateAuthorizedClient();

        var token = await api.AcquireLeaseAsync("other-worker/pass-1");
        using (var busy = await client.PostAsync("/distill/run", null, TestContext.Current.CancellationToken))
        {
            var body = await BodyAsync(busy);
            Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
            Assert.Equal("busy", body.GetProperty("status").GetString());
            Assert.Contains("other-worker/pass-1", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        await api.ReleaseLeaseAsync("other-worker/pass-1", token);
        using var free = await client.PostAsync("/distill/run", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
    }

    [Fact]
    public async Task Health_endpoints_answer_without_a_key()
    {
        using var client = _worker.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive", TestContext.Current.CancellationToken)).StatusCode);
    }
}
