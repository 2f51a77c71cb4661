using Microsoft.Extensions.AI;

namespace MemoryCore.Embeddings;

/// <summary>
/// Tells an embedder whether it embeds a search query or a document (a memory, an entity name). Asymmetric
/// retrieval models embed the two differently (arctic-embed prefixes queries with an instruction); symmetric
/// embedders ignore it. Carried in <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> so it passes
/// through the Microsoft.Extensions.AI pipeline (telemetry wrappers) unchanged; no property means document.
/// </summary>
public static class EmbeddingPurpose
{
    public const string PropertyName = "memory.embedding_purpose";
    public const string Query = "query";

    public static EmbeddingGenerationOptions QueryOptions() =>
        new() { AdditionalProperties = new AdditionalPropertiesDictionary { [PropertyName] = Query } };

    public static bool IsQuery(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties is { } properties
        && properties.TryGetValue(PropertyName, out var value)
        && value is string s && s == Query;
}
