namespace MemoryCore.Embeddings;

/// <summary>Embedder configuration (section "Embeddings").</summary>
public sealed class EmbeddingOptions
{
    /// <summary><c>local</c> | <c>openai</c> | <c>hashing</c>. Unset: <c>openai</c> when a Model is configured (as before
    /// this setting existed), else <c>local</c>, the in-process model (see README, "Embeddings", for why).</summary>
    public EmbeddingProvider? Provider { get; set; }

    /// <summary>OpenAI-compatible endpoint, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.</summary>
    public string? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Remote embedding model (provider <c>openai</c>).</summary>
    public string? Model { get; set; }

    /// <summary>Vector dimensions; the store is created with them and refuses to start with others.
    /// The local model produces 384 and no other.</summary>
    public int Dimensions { get; set; } = 384;

    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// When the store's vectors were recorded as coming from another model of the same size (a zero-key store from
    /// before the local model became the default), re-embed them in the background at start-up instead of serving
    /// searches that compare vectors of two models. Off: a warning only, and POST /admin/embeddings/reembed by hand.
    /// </summary>
    public bool ReembedOnStart { get; set; } = true;

    /// <summary>The provider in effect once the defaults are applied.</summary>
    public EmbeddingProvider EffectiveProvider =>
        Provider ?? (string.IsNullOrWhiteSpace(Model) ? EmbeddingProvider.Local : EmbeddingProvider.OpenAi);

    public bool UsesRemoteModel => EffectiveProvider == EmbeddingProvider.OpenAi;

    /// <summary>Null when valid, else what is wrong.</summary>
    public string? Problem() => EffectiveProvider switch
    {
        EmbeddingProvider.OpenAi when string.IsNullOrWhiteSpace(Model) => "Embeddings:Provider is openai but Embeddings:Model is not set.",
        EmbeddingProvider.Local when Dimensions != Local.ArcticXsModel.Dimensions =>
            $"Embeddings:Provider local ({Local.ArcticXsModel.Id}) produces {Local.ArcticXsModel.Dimensions}-dimensional vectors; Embeddings:Dimensions is {Dimensions}.",
        _ => Dimensions < 8 ? "Embeddings:Dimensions must be at least 8." : null,
    };
}
