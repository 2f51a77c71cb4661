using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MemoryTests.Api;

internal static class HttpJson
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 7807 problem with the given status and returns its detail.</summary>
    public static async Task<string> ReadProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.ReadJsonAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
        return body.TryGetProperty("detail", out var detail) ? detail.GetString() ?? string.Empty : string.Empty;
    }

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body);

    public static JsonElement[] Results(this JsonElement body) => [.. body.GetProperty("results").EnumerateArray()];

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;
}
