using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MemoryCore.Graph.Neo4j;

/// <summary>A Cypher statement failed, or Neo4j could not be reached.</summary>
public sealed class Neo4jException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Runs parameterised Cypher over Neo4j's HTTP Query API: <c>POST {uri}/db/{database}/query/v2</c> with
/// <c>{"statement", "parameters"}</c> and basic auth. Values always travel as parameters, never inside the statement.
/// </summary>
public sealed class Neo4jQueryClient
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null };

    private readonly HttpClient _http;
    private readonly Uri _endpoint;

    public Neo4jQueryClient(HttpClient http, Neo4jOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(options.Uri?.Trim(), UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"NEO4J_URI '{options.Uri}' is not an absolute http(s) URL (the HTTP port, e.g. http://localhost:7474).");
        }

        _http = http;
        _endpoint = new Uri(baseUri, $"db/{Uri.EscapeDataString(options.Database)}/query/v2");
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.User}:{options.Password}"));
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.Timeout = TimeSpan.FromSeconds(Math.Max(1, options.TimeoutSeconds));
    }

    public Uri Endpoint => _endpoint;

    /// <summary>Runs one statement; returns its rows as field -> value maps.</summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, JsonElement>>> RunAsync(
        string statement, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsJsonAsync(_endpoint, new { statement, parameters }, Json, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new Neo4jException($"Neo4j at {_endpoint.GetLeftPart(UriPartial.Authority)} could not be reached: {ex.Message}", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            using var document = body.Length > 0 ? JsonDocument.Parse(body) : JsonDocument.Parse("{}");
            var root = document.RootElement;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                throw new Neo4jException($"Neo4j rejected a statement: {Text(first, "code")}: {Text(first, "message")}");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new Neo4jException($"Neo4j answered HTTP {(int)response.StatusCode}.");
            }

            return Rows(root);
        }
    }

    private static List<IReadOnlyDictionary<string, JsonElement>> Rows(JsonElement root)
    {
        var rows = new List<IReadOnlyDictionary<string, JsonElement>>();
        if (!root.TryGetProperty("data", out var data) || !data.TryGetProperty("fields", out var fields) || !data.TryGetProperty("values", out var values))
        {
            return rows;
        }

        var names = fields.EnumerateArray().Select(f => f.GetString() ?? string.Empty).ToList();
        foreach (var row in values.EnumerateArray())
        {
            var map = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            var i = 0;
            foreach (var value in row.EnumerateArray())
            {
                map[names[i++]] = value.Clone();
            }

            rows.Add(map);
        }

        return rows;
    }

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.ToString() : "?";
}
