using System.ClientModel;
using System.Globalization;

namespace MemoryCore.Extraction.Llm;

/// <summary>
/// Classifies exceptions from model providers (LLM and embedder) and turns them into
/// <see cref="ProviderUnavailableException"/>, so the API answers 503 with Retry-After instead of 500.
/// </summary>
public static class ProviderFailures
{
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// True for failures of the provider: HTTP errors of any status (4xx usually means misconfiguration, 5xx/429 an
    /// outage), network and I/O errors, and timeouts. A cancellation requested by the caller is not a provider failure.
    /// </summary>
    public static bool IsProviderFailure(Exception ex, CancellationToken callerToken) => ex switch
    {
        ProviderUnavailableException => true,
        ClientResultException or HttpRequestException or IOException => true,

        // The SDK reports its own network timeout as a cancellation; only the caller's token tells them apart.
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => false,
    };

    public static ProviderUnavailableException Wrap(string provider, Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        if (ex is ProviderUnavailableException already)
        {
            return already;
        }

        return new ProviderUnavailableException(provider, Describe(provider, ex), ex)
        {
            RetryAfter = RetryAfterOf(ex) ?? DefaultRetryAfter,
        };
    }

    private static string Describe(string provider, Exception ex) => ex switch
    {
        ClientResultException { Status: 0 } => $"The {provider} provider could not be reached: {ex.Message}",
        ClientResultException { Status: 401 or 403 } http =>
            $"The {provider} provider rejected the credentials (HTTP {http.Status}); check the configured API key.",
        ClientResultException { Status: 404 } =>
            $"The {provider} provider answered HTTP 404; check the configured base URL and model name.",
        ClientResultException { Status: 429 } => $"The {provider} provider is rate limiting requests (HTTP 429).",
        ClientResultException http => $"The {provider} provider answered HTTP {http.Status}: {FirstLine(ex.Message)}",
        OperationCanceledException => $"The {provider} provider did not answer within the configured timeout.",
        _ => $"The {provider} provider failed: {ex.Message}",
    };

    /// <summary>Honours Retry-After (seconds or HTTP date) and OpenAI's retry-after-ms when the provider sent one.</summary>
    private static TimeSpan? RetryAfterOf(Exception ex)
    {
        var response = (ex as ClientResultException)?.GetRawResponse();
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValue("Retry-After", out var value) && !string.IsNullOrWhiteSpace(value))
        {
            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        return null;
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Trim();
    }
}
