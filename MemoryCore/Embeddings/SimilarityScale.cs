namespace MemoryCore.Embeddings;

/// <summary>
/// The cosine thresholds of the offline heuristics (near-duplicate facts, deletion requests, entity merging), per
/// embedder. They differ because embedders spread cosines differently: the hashing embedder's scores run over
/// [0, 1] ("I like tea" / "I like coffee" 0.64), while snowflake-arctic-embed-xs packs everything into a high band
/// (unrelated sentences about 0.75, "I like tea" / "I like coffee" 0.93, "I work as a nurse" / "… a teacher" 0.91,
/// the names "Maria" / "Sofia" 0.82, "Lisbon" / "Porto" 0.88; the same fact with a full stop 0.99, "mother" /
/// "mom" 0.98). With the hashing thresholds the local model would drop different facts as duplicates and merge
/// different people into one entity, so it gets its own, chosen from those pairs to err towards keeping facts apart.
/// </summary>
public sealed record SimilarityScale(double Duplicate, double Delete, double EntityMerge)
{
    public static readonly SimilarityScale Lexical = new(Duplicate: 0.9, Delete: 0.5, EntityMerge: 0.7);

    public static readonly SimilarityScale ArcticXs = new(Duplicate: 0.98, Delete: 0.95, EntityMerge: 0.95);

    public static SimilarityScale For(EmbeddingProvider provider) => provider == EmbeddingProvider.Local ? ArcticXs : Lexical;
}
