namespace MemoryCore.Extraction.Llm;

/// <summary>
/// Chat model configuration (section "Llm"). Any OpenAI-compatible endpoint works: OpenAI, Ollama, vLLM, LM Studio.
/// Without a Model the offline extractor and reconciler are used.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    /// <summary>OpenAI-compatible endpoint, e.g. https://api.openai.com/v1 or http://localhost:11434/v1. Empty means OpenAI.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>May be empty for local servers that do not check keys.</summary>
    public string? ApiKey { get; set; }

    public string? Model { get; set; }

    /// <summary>Per HTTP attempt; a slower answer fails as a provider error instead of hanging the request.</summary>
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Retries of transient failures (5xx, 429, network) inside the SDK, after the first attempt.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Sampling temperature sent with every call (0: the most repeatable answers). Set it empty to send
    /// none: some reasoning models reject any temperature.</summary>
    public double? Temperature { get; set; } = 0;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Model);
}
