namespace MemoryCore.Retrieval;

/// <summary>How search combines its signals (section "Retrieval").</summary>
public sealed class RetrievalOptions
{
    /// <summary>The mode of a search request that names none. Vector, so that <c>score</c> and <c>threshold</c> keep
    /// the Mem0-compatible meaning (cosine similarity) for clients that do not know about modes; callers ask for
    /// "hybrid" explicitly, which recalls more on LoCoMo (docs/benchmarks.md).</summary>
    public SearchMode DefaultMode { get; set; } = SearchMode.Vector;

    /// <summary>The vector signal's weight when the offline hashing embedder is in use and no weight is configured:
    /// its signal is lexical like full-text's, only noisier, so at equal weight it drowns full-text's better ranking.</summary>
    public const double OfflineVectorWeight = 0.25;

    /// <summary>How the ranked lists of several signals become one: reciprocal-rank fusion or normalised scores. Unset:
    /// normalised scores with the local embedding model (its cosine is informative, and on LoCoMo score fusion beat
    /// rank fusion by 5 points of recall@10, docs/benchmarks.md), reciprocal-rank fusion otherwise.</summary>
    public FusionMethod? Fusion { get; set; }

    /// <summary>The k of reciprocal-rank fusion: a memory ranked r-th by a signal gets weight / (k + r) from it.</summary>
    public int RrfK { get; set; } = 60;

    /// <summary>How many memories each signal contributes before fusion (at least the request's limit).</summary>
    public int Candidates { get; set; } = 50;

    /// <summary>Weight per signal name ("vector", "fulltext", "graph", ...); a signal not listed weighs 1,
    /// a signal weighing 0 is not run.</summary>
    public Dictionary<string, double> Weights { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public double WeightOf(string signal)
    {
        foreach (var (name, weight) in Weights)
        {
            if (string.Equals(name, signal, StringComparison.OrdinalIgnoreCase))
            {
                return weight;
            }
        }

        return 1.0;
    }

    /// <summary>Null when valid, else what is wrong.</summary>
    public string? Problem() =>
        RrfK < 0 ? "Retrieval:RrfK must be 0 or more."
        : Candidates is < 1 or > 1000 ? "Retrieval:Candidates must be between 1 and 1000."
        : Weights.Values.Any(w => double.IsNaN(w) || double.IsInfinity(w) || w < 0) ? "Retrieval:Weights must be finite and 0 or more."
        : null;
}

/// <summary>See <see cref="RetrievalOptions.Fusion"/>.</summary>
public enum FusionMethod
{
    /// <summary>Reciprocal-rank fusion: only ranks count, so signals with incomparable scores combine safely.</summary>
    Rrf,

    /// <summary>Each signal's scores min-max normalised to [0, 1] over its candidates, then a weighted mean.</summary>
    Normalized,
}
