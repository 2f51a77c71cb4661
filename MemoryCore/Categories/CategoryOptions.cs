using MemoryCore.Embeddings;

namespace MemoryCore.Categories;

/// <summary>
/// How the embedding categoriser picks a memory's categories (configuration section <c>Categories</c>): every category
/// whose description's cosine with the memory is at least <see cref="MinSimilarity"/> and within <see cref="Margin"/>
/// of the best one, at most <see cref="MaxPerMemory"/>, best first; none when no category comes close enough. Unset
/// values take the embedder's defaults (<see cref="CategoryScale"/>), which were chosen by measurement for the local
/// model (docs/benchmarks.md, "Zero-key categories").
/// </summary>
public sealed class CategoryOptions
{
    public double? MinSimilarity { get; set; }

    public double? Margin { get; set; }

    public int MaxPerMemory { get; set; } = 3;
}

/// <summary>The categoriser's thresholds for one embedder: cosines are spread very differently by each (see
/// <see cref="SimilarityScale"/>).</summary>
public sealed record CategoryScale(double MinSimilarity, double Margin)
{
    /// <summary>snowflake-arctic-embed-xs, measured on bench/categories/labelled-facts.json (docs/benchmarks.md): the best
    /// category's cosine (descriptions embedded as queries) ran from 0.54 to 0.69, and set F1 was best when only near-ties
    /// (within 0.0025) add a second category; the floor of 0.50 keeps every labelled fact tagged while text about
    /// nothing in the set can still get none.</summary>
    public static readonly CategoryScale ArcticXs = new(MinSimilarity: 0.50, Margin: 0.0025);

    /// <summary>Word overlap (the hashing embedder, tests) and remote embedders, which were not measured: a shared word
    /// or close meaning is needed, and only near-ties add a second category.</summary>
    public static readonly CategoryScale Lexical = new(MinSimilarity: 0.15, Margin: 0.05);

    public static CategoryScale For(EmbeddingProvider provider) => provider == EmbeddingProvider.Local ? ArcticXs : Lexical;
}
