namespace MemoryCore.Embeddings;

/// <summary>Embedder configuration (section "Embeddings"). Without a Model the offline hashing embedder is used.</summary>
public sealed class EmbeddingOptions
{
    /// <summary>OpenAI-compatible endpoint, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.</summary>
    public string? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Embedding model; when empty the local hashing embedder is used.</summary>
    public string? Model { get; set; }

    /// <summary>Vector dimensions; the store is created with them and refuses to start with others.</summary>
    public int Dimensions { get; set; } = 384;

    public int TimeoutSeconds { get; set; } = 30;

    public bool UsesRemoteModel => !string.IsNullOrWhiteSpace(Model);
}
