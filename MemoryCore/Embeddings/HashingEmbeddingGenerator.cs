using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace MemoryCore.Embeddings;

/// <summary>
/// Offline, deterministic embedder: signed feature hashing of word unigrams, word bigrams and
/// character trigrams into a fixed number of dimensions, L2-normalised.
/// </summary>
/// <remarks>
/// This is not a neural model. It captures lexical overlap (shared words and word fragments), not
/// meaning: "mother" and "mom" are unrelated to it. It exists so the service works with no keys and no
/// network, and so tests are deterministic. Configure an OpenAI-compatible embedding model for semantic recall.
/// </remarks>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "hashing-v1";

    private readonly int _dimensions;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public HashingEmbeddingGenerator(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 8);
        _dimensions = dimensions;
        _metadata = new EmbeddingGeneratorMetadata("hashing", providerUri: null, defaultModelId: ModelId, defaultModelDimensions: dimensions);
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new Embedding<float>(Embed(value)) { ModelId = ModelId, CreatedAt = null });
        }

        return Task.FromResult(result);
    }

    public float[] Embed(string text)
    {
        var vector = new float[_dimensions];
        var tokens = TextTokens.Words(text);
        for (var i = 0; i < tokens.Count; i++)
        {
            Add(vector, tokens[i], 1.0f);
            if (i + 1 < tokens.Count)
            {
                Add(vector, tokens[i] + " " + tokens[i + 1], 0.5f);
            }

            var padded = $"#{tokens[i]}#";
            for (var j = 0; j + 3 <= padded.Length; j++)
            {
                Add(vector, string.Concat("c:", padded.AsSpan(j, 3)), 0.25f);
            }
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private void Add(float[] vector, string feature, float weight)
    {
        var hash = Fnv1a(feature);
        var index = (int)(hash % (uint)_dimensions);
        var sign = (hash & 0x8000_0000) == 0 ? 1f : -1f;
        vector[index] += sign * weight;
    }

    private static uint Fnv1a(string s)
    {
        var hash = 2166136261u;
        foreach (var c in s)
        {
            hash ^= c;
            hash *= 16777619u;
        }

        // Final avalanche so that the low bits used for the index and the top bit used for the sign are independent.
        hash ^= hash >> 15;
        hash *= 0x2c1b3c6dU;
        hash ^= hash >> 12;
        return hash;
    }
}
