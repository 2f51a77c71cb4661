using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using DistillationWorker.Distillers;
using DistillationWorker.Hosting;

namespace DistillationWorker.Client;

/// <summary>
/// Typed client for the MemoryApi routes the worker uses. Retries, timeouts and the circuit breaker come from the
/// standard resilience handler that ServiceDefaults adds to every HttpClient; retrying POST /memories is safe: each add
/// carries its own Idempotency-Key, so a retry of a write that did land gets its first answer back (and infer=false
/// would not store an exact duplicate text again anyway). Adds stay synchronous: the worker counts what it wrote.
/// </summary>
public sealed partial class MemoryApiClient(HttpClient http)
{
    // Paths are relative without a leading slash, so a BaseUrl with a path prefix (http://host/memory/) keeps it.

    /// <summary>Page size for GET /turns (MemoryApi allows up to 5000).</summary>
    public const int TurnPageSize = 1000;

    private const int MemoryPageSize = 1000;

    /// <summary>Every (user_id, agent_id) with turns after <paramref name="afterSeq"/> created at or before <paramref name="before"/>.</summary>
    public async Task<TurnScopesPage> GetChangedScopesAsync(long afterSeq, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var query = $"turns/scopes?after_seq={afterSeq.ToString(CultureInfo.InvariantCulture)}&before={Iso(before)}";
        return await GetAsync<TurnScopesPage>(query, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>All of one person's turns (any agent) created since <paramref name="since"/>, oldest first, following next_after_seq.</summary>
    public async Task<IReadOnlyList<RecordedTurn>> ReadTurnsAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var turns = new List<RecordedTurn>();
        long afterSeq = 0;
        while (true)
        {
            var query = $"turns?user_id={Uri.EscapeDataString(userId)}&since={Iso(since)}"
                + $"&after_seq={afterSeq.ToString(CultureInfo.InvariantCulture)}&limit={TurnPageSize.ToString(CultureInfo.InvariantCulture)}";
            var page = await GetAsync<TurnsPage>(query, cancellationToken).ConfigureAwait(false);
            turns.AddRange(page.Results);
            if (page.NextAfterSeq is not { } next)
            {
                return turns;
            }

            // A cursor that does not move would loop forever; fail the person instead.
            if (next <= afterSeq)
            {
                throw new MemoryApiException($"GET /turns returned next_after_seq {next} after {afterSeq}; the cursor must grow.");
            }

            afterSeq = next;
        }
    }

    /// <summary>Texts already stored under agent_id "distillation" for the person, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListPatternTextsAsync(string userId, CancellationToken cancellationToken)
    {
        var texts = new List<string>();
        string? cursor = null;
        do
        {
            var query = $"memories?user_id={Uri.EscapeDataString(userId)}&agent_id={DistillationOptions.AgentId}&limit={MemoryPageSize}"
                + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await GetAsync<MemoryPage>(query, cancellationToken).ConfigureAwait(false);
            texts.AddRange(page.Results.Select(m => m.Memory));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return texts;
    }

    /// <summary>Writes one pattern verbatim under agent_id "distillation". Returns false when the text was already stored (a duplicate).</summary>
    public async Task<bool> AddPatternAsync(string userId, DistilledPattern pattern, CancellationToken cancellationToken)
    {
        var body = new AddPatternBody(
            [new PatternMessage("assistant", pattern.Text)],
            userId,
            DistillationOptions.AgentId,
            Infer: false,
            RecordTurns: false,
            pattern.Metadata);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("memories", UriKind.Relative))
        {
            Content = JsonContent.Create(body, options: WireJson.Options),
        };
        // One key per write: the resilience handler's retries resend this same request, key included.
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var results = await ReadAsync<AddResults>(response, cancellationToken).ConfigureAwait(false);
        return results.Results.Count > 0;
    }

    private async Task<T> GetAsync<T>(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(pathAndQuery, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var method = response.RequestMessage?.Method.Method ?? "?";
        var path = response.RequestMessage?.RequestUri?.AbsolutePath ?? "?";
        if (!response.IsSuccessStatusCode)
        {
            var problem = await ProblemSummaryAsync(response, cancellationToken).ConfigureAwait(false);
            throw new MemoryApiException(response.StatusCode, $"{method} {path} failed with {(int)response.StatusCode}: {problem}");
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<T>(WireJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new MemoryApiException($"{method} {path} returned JSON null.");
        }
        catch (JsonException ex)
        {
            throw new MemoryApiException($"{method} {path} returned JSON the worker cannot read: {ex.Message}", ex);
        }
    }

    /// <summary>Title and detail of an RFC 7807 body; anything else is reported by status alone.</summary>
    private static async Task<string> ProblemSummaryAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            var title = problem.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return string.Join(": ", new[] { title, detail }.Where(s => !string.IsNullOrWhiteSpace(s)));
        }
        catch (JsonException)
        {
            return response.ReasonPhrase ?? "no problem details";
        }
    }

    private static string Iso(DateTimeOffset value) =>
        Uri.EscapeDataString(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
}
