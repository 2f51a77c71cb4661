using System.Net.Http.Json;

namespace AppHost.Tests.Topology;

/// <summary>The memory API calls these tests make, with the app key.</summary>
public static class MemoryApiCalls
{
    public static async Task<List<JsonElement>> MemoriesAsync(HttpClient http, string query, CancellationToken cancellationToken)
    {
        var body = await http.GetFromJsonAsync<JsonElement>($"/memories?{query}", cancellationToken);
        return [.. body.GetProperty("results").EnumerateArray()];
    }

    public static async Task<List<JsonElement>> SearchAsync(HttpClient http, string query, string userId, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/search", new { query, user_id = userId }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return [.. body.GetProperty("results").EnumerateArray()];
    }

    public static async Task<List<JsonElement>> TurnsAsync(HttpClient http, string userId, CancellationToken cancellationToken)
    {
        var body = await http.GetFromJsonAsync<JsonElement>($"/turns?user_id={userId}", cancellationToken);
        return [.. body.GetProperty("results").EnumerateArray()];
    }
}
