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

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
