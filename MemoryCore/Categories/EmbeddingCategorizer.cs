using System.Collections.Concurrent;
using MemoryCore.Embeddings;
using MemoryCore.Engine;
using MemoryCore.Storage;
using Microsoft.Extensions.Options;

namespace MemoryCore.Categories;

/// <summary>
/// Tags memories with categories without an LLM: the memory's vector (the one stored for it, so nothing more is
/// embedded per memory) against each category description's, by cosine (<see cref="CategoryOptions"/>). The
/// descriptions of a set are embedded once per set and cached; the cache is small and bounded, since sets are few
/// (the default one, each tenant's, the odd per-call one).
/// </summary>
public sealed class EmbeddingCategorizer
{
    private const int MaxCachedSets = 64;

    private readonly Embedder _embedder;
    private readonly double _minSimilarity;
    private readonly double _margin;
    private readonly int _max;
    private readonly bool _descriptionsAsQueries;
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<ReadOnlyMemory<float>>>>> _descriptions = new(StringComparer.Ordinal);

    public EmbeddingCategorizer(Embedder embedder, IOptions<CategoryOptions> options, IOptions<EmbeddingOptions> embedding)
        : this(embedder, options.Value, CategoryScale.For(embedding.Value.EffectiveProvider))
    {
    }

    /// <param name="descriptionsAsQueries">Embed the descriptions with the model's query instruction, as a search for
    /// memories about the category (the memories are documents). Measured both ways (bench/MemoryBench categories): as
    /// queries, the local model's top-1 accuracy was 73 % against 36 % as documents. Symmetric embedders ignore it.</param>
    internal EmbeddingCategorizer(Embedder embedder, CategoryOptions options, CategoryScale scale, bool descriptionsAsQueries = true)
    {
        _embedder = embedder;
        _descriptionsAsQueries = descriptionsAsQueries;
        _minSimilarity = options.MinSimilarity ?? scale.MinSimilarity;
        _margin = options.Margin ?? scale.Margin;
        _max = Math.Max(1, options.MaxPerMemory);
    }

    /// <summary>The categories of each memory, best first (possibly none), from the memories' stored vectors.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<string>>> AssignAsync(
        CategorySet set, IReadOnlyList<ReadOnlyMemory<float>> memoryVectors, CancellationToken cancellationToken)
    {
        if (memoryVectors.Count == 0)
        {
            return [];
        }

        var descriptions = await DescriptionVectorsAsync(set, cancellationToken).ConfigureAwait(false);
        return memoryVectors.Select(v => Pick(set, Similarities(v, descriptions), _minSimilarity, _margin, _max)).ToList();
    }

    /// <summary>Each category's cosine with one memory (for measurement: bench/MemoryBench categories).</summary>
    internal async Task<IReadOnlyList<double[]>> SimilaritiesAsync(CategorySet set, IReadOnlyList<ReadOnlyMemory<float>> memoryVectors, CancellationToken cancellationToken)
    {
        var descriptions = await DescriptionVectorsAsync(set, cancellationToken).ConfigureAwait(false);
        return memoryVectors.Select(v => Similarities(v, descriptions)).ToList();
    }

    /// <summary>The rule: every category at least <paramref name="minSimilarity"/> and within <paramref name="margin"/> of
    /// the best, at most <paramref name="max"/>, best first.</summary>
    internal static IReadOnlyList<string> Pick(CategorySet set, double[] similarities, double minSimilarity, double margin, int max)
    {
        if (similarities.Length == 0)
        {
            return [];
        }

        var best = similarities.Max();
        var floor = Math.Max(minSimilarity, best - margin);
        return Enumerable.Range(0, similarities.Length)
            .Where(i => similarities[i] >= floor)
            .OrderByDescending(i => similarities[i])
            .Take(max)
            .Select(i => set.Categories[i].Name)
            .ToList();
    }

    /// <summary>What is embedded for a category: its name in words, then its description.</summary>
    internal static string DescriptionText(MemoryCategory category) => $"{category.Name.Replace('_', ' ')}: {category.Description}";

    private static double[] Similarities(ReadOnlyMemory<float> vector, IReadOnlyList<ReadOnlyMemory<float>> descriptions) =>
        descriptions.Select(d => VectorMath.Similarity(vector.Span, d.Span)).ToArray();

    private async Task<IReadOnlyList<ReadOnlyMemory<float>>> DescriptionVectorsAsync(CategorySet set, CancellationToken cancellationToken)
    {
        if (_descriptions.Count >= MaxCachedSets && !_descriptions.ContainsKey(set.Key))
        {
            _descriptions.Clear();
        }

        // Not bound to the caller's token: the vectors are shared by every later add of the set.
        var lazy = _descriptions.GetOrAdd(set.Key, _ => new Lazy<Task<IReadOnlyList<ReadOnlyMemory<float>>>>(
            () => _descriptionsAsQueries
                ? _embedder.EmbedQueriesAsync(set.Categories.Select(DescriptionText).ToList(), CancellationToken.None)
                : _embedder.EmbedAsync(set.Categories.Select(DescriptionText).ToList(), CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A failed embedding (the provider was down) is not cached: the next add tries again.
            _descriptions.TryRemove(new KeyValuePair<string, Lazy<Task<IReadOnlyList<ReadOnlyMemory<float>>>>>(set.Key, lazy));
            throw;
        }
    }
}
