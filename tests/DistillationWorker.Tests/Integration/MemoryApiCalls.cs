using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DistillationWorker.Tests.Integration;

/// <summary>Seeding and reading MemoryApi as an application would.</summary>
internal static class MemoryApiCalls
{
    /// <summary>One conversation turn pair through POST /memories (which records the raw turns).</summary>
    public static async Task SeedAsync(this HttpClient memoryApi, string userId, string runId, string userSays, string? agentId = null)
    {
        var response = await memoryApi.PostAsJsonAsync("/memories", new
        {
            messages = new[] { new { role = "user", content = userSays }, new { role = "assistant", content = "I see." } },
            user_id = userId,
            agent_id = agentId,
            run_id = runId,
        }, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"seed failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    /// <summary>The person's memories under agent_id "distillation".</summary>
    public static async Task<JsonElement[]> DistilledAsync(this HttpClient memoryApi, string userId)
    {
        var body = await memoryApi.GetJsonAsync($"/memories?user_id={userId}&agent_id=distillation&limit=1000");
        return [.. body.GetProperty("results").EnumerateArray()];
    }

    public static async Task<string[]> DistilledTextsAsync(this HttpClient memoryApi, string userId) =>
        (await memoryApi.DistilledAsync(userId)).Select(m => m.GetProperty("memory").GetString()!).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The distillation job's watermark in MemoryApi (null until first written).</summary>
    public static async Task<long?> CheckpointAsync(this HttpClient memoryApi)
    {
        var watermark = (await memoryApi.GetJsonAsync("/jobs/distillation/checkpoint")).GetProperty("watermark");
        return watermark.ValueKind == JsonValueKind.Null ? null : watermark.GetInt64();
    }

    /// <summary>Takes the distillation lease as <paramref name="holder"/> (as an operator or another worker would); returns its token.</summary>
    public static async Task<long> AcquireLeaseAsync(this HttpClient memoryApi, string holder, int ttlSeconds = 300)
    {
        var response = await memoryApi.PostAsJsonAsync("/jobs/distillation/lease", new { holder, ttl_seconds = ttlSeconds }, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"acquire as {holder}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("token").GetInt64();
    }

    public static async Task ReleaseLeaseAsync(this HttpClient memoryApi, string holder, long token)
    {
        var response = await memoryApi.DeleteAsync($"/jobs/distillation/lease?holder={holder}&token={token}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>The documented way to make the next pass re-read every window: set the checkpoint under the lease.</summary>
    public static async Task SetCheckpointAsync(this HttpClient memoryApi, long watermark)
    {
        var token = await memoryApi.AcquireLeaseAsync("operator");
        var response = await memoryApi.PutAsJsonAsync("/jobs/distillation/checkpoint", new { holder = "operator", token, watermark }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await memoryApi.ReleaseLeaseAsync("operator", token);
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
