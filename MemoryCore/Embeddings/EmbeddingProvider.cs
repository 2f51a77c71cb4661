namespace MemoryCore.Embeddings;

/// <summary>Which embedder produces the vectors (Embeddings:Provider).</summary>
public enum EmbeddingProvider
{
    /// <summary>snowflake-arctic-embed-xs, run in process from the model inside the NuGet package: semantic, no keys, no network.</summary>
    Local,

    /// <summary>An OpenAI-compatible embeddings endpoint (Embeddings:Model, BaseUrl, ApiKey).</summary>
    OpenAi,

    /// <summary>The offline feature-hashing embedder: word overlap only, fast and deterministic (tests).</summary>
    Hashing,
}
