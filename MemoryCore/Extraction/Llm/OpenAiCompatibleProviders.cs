using System.ClientModel;
using System.ClientModel.Primitives;
using MemoryCore.Embeddings;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace MemoryCore.Extraction.Llm;

/// <summary>
/// Builds Microsoft.Extensions.AI clients over the official OpenAI SDK, pointed at any OpenAI-compatible
/// endpoint (OpenAI, Ollama, vLLM, LM Studio).
/// </summary>
public static class OpenAiCompatibleProviders
{
    /// <summary>Local servers ignore the key, but the SDK refuses an empty one.</summary>
    private const string PlaceholderApiKey = "unused";

    /// <summary>EmbeddingOptions has no retry setting; embedding calls are cheap and idempotent, so retry like the LLM default.</summary>
    private const int EmbeddingMaxRetries = 2;

    public static IChatClient CreateChatClient(LlmOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (!o.IsConfigured)
        {
            throw new InvalidOperationException("Llm:Model must be set to use an LLM.");
        }

        var client = new ChatClient(
            o.Model!.Trim(),
            Credential(o.ApiKey),
            ClientOptions(o.BaseUrl, o.TimeoutSeconds, o.MaxRetries));
        return client.AsIChatClient();
    }

    public static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(EmbeddingOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (!o.UsesRemoteModel)
        {
            throw new InvalidOperationException("Embeddings:Model must be set to use a remote embedding model.");
        }

        var client = new EmbeddingClient(
            o.Model!.Trim(),
            Credential(o.ApiKey),
            ClientOptions(o.BaseUrl, o.TimeoutSeconds, EmbeddingMaxRetries));
        return client.AsIEmbeddingGenerator(o.Dimensions);
    }

    private static ApiKeyCredential Credential(string? apiKey) =>
        new(string.IsNullOrWhiteSpace(apiKey) ? PlaceholderApiKey : apiKey.Trim());

    private static OpenAIClientOptions ClientOptions(string? baseUrl, int timeoutSeconds, int maxRetries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeoutSeconds, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        var options = new OpenAIClientOptions
        {
            NetworkTimeout = TimeSpan.FromSeconds(timeoutSeconds),
            RetryPolicy = new ClientRetryPolicy(maxRetries),
        };
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            options.Endpoint = ParseEndpoint(baseUrl);
        }

        return options;
    }

    private static Uri ParseEndpoint(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"BaseUrl '{baseUrl}' is not an absolute http(s) URL.");
        }

        return uri;
    }
}
