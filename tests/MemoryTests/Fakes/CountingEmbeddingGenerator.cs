using System.Collections.Concurrent;
using MemoryCore.Embeddings;
using Microsoft.Extensions.AI;

namespace MemoryTests.Fakes;

/// <summary>The real hashing embedder, recording every call it gets (its texts and whether it embedded a query), so a
/// test can prove how often a search embeds what.</summary>
public sealed class CountingEmbeddingGenerator(int dimensions) : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly HashingEmbeddingGenerator _inner = new(dimensions);

    public ConcurrentQueue<(IReadOnlyList<string> Texts, bool Query)> Calls { get; } = new();

    public int TimesEmbedded(string text) => Calls.Sum(c => c.Texts.Count(t => t == text));

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        Calls.Enqueue((texts, EmbeddingPurpose.IsQuery(options)));
        return _inner.GenerateAsync(texts, options, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() => _inner.Dispose();
}
