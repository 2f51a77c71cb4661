namespace MemoryCore.Storage;

/// <summary>The stored rows that carry a vector of a text: memories (their text) and graph entities (their name).</summary>
public enum EmbeddedRows
{
    Memories,
    GraphNodes,
}

/// <summary>One stored text whose vector is to be recomputed; <see cref="Id"/> is the row's id as the store spells it.</summary>
public sealed record EmbeddedText(string Id, string Text);

/// <summary>
/// Lets a store's vectors be recomputed in place with another embedder of the same dimensions (e.g. a store created
/// with the hashing embedder moving to the local model). Texts, ids, history and timestamps are not touched.
/// Implemented by both stores.
/// </summary>
public interface IEmbeddingRewriter
{
    /// <summary>A page of texts in id order, after <paramref name="afterId"/> (null: from the start).</summary>
    Task<IReadOnlyList<EmbeddedText>> ReadTextsAsync(EmbeddedRows rows, string? afterId, int limit, CancellationToken cancellationToken);

    /// <summary>Replaces the vectors of the given rows, in one transaction. A row whose text changed since it was read
    /// keeps the vector its writer gave it (that one already comes from the current embedder).</summary>
    Task WriteVectorsAsync(EmbeddedRows rows, IReadOnlyList<(EmbeddedText Row, ReadOnlyMemory<float> Vector)> vectors, CancellationToken cancellationToken);

    /// <summary>The embedding model the store's vectors were recorded as coming from (null for a store never opened).</summary>
    Task<string?> RecordedModelAsync(CancellationToken cancellationToken);

    /// <summary>Records the embedder the store's vectors now come from (checked at every start).</summary>
    Task RecordEmbedderAsync(EmbeddingIdentity identity, CancellationToken cancellationToken);
}
