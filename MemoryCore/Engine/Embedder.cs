using MemoryCore.Embeddings;
using MemoryCore.Extraction.Llm;
using MemoryCore.Storage;
using Microsoft.Extensions.AI;

namespace MemoryCore.Engine;

/// <summary>
/// Wraps the configured <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>: one batch per call, provider
/// failures become <see cref="ProviderUnavailableException"/>, and a vector of the wrong size is refused
/// before it can reach the store. <see cref="EmbedAsync(IReadOnlyList{string}, CancellationToken)"/> embeds documents
/// (memories, entity names); <see cref="EmbedQueryAsync"/> embeds a search query, which asymmetric models embed differently.
/// </summary>
public sealed class Embedder(IEmbeddingGenerator<string, Embedding<float>> generator, EmbeddingIdentity identity)
{
    /// <summary>Whether the model embeds a query differently from a document (only the local arctic model does;
    /// the hashing embedder and OpenAI-compatible servers ignore the purpose).</summary>
    private readonly bool _asymmetric = generator.GetService(typeof(Embeddings.Local.LocalEmbeddingGenerator)) is not null;

    public EmbeddingIdentity Identity { get; } = identity;

    public Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        EmbedAsync(texts, options: null, cancellationToken);

    public async Task<ReadOnlyMemory<float>> EmbedAsync(string text, CancellationToken cancellationToken) =>
        (await EmbedAsync([text], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Embeds a search query (not a document).</summary>
    public async Task<ReadOnlyMemory<float>> EmbedQueryAsync(string query, CancellationToken cancellationToken) =>
        (await EmbedAsync([query], EmbeddingPurpose.QueryOptions(), cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Embeds several queries in one call.</summary>
    public Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedQueriesAsync(IReadOnlyList<string> queries, CancellationToken cancellationToken) =>
        EmbedAsync(queries, EmbeddingPurpose.QueryOptions(), cancellationToken);

    /// <summary>Embeds a search query and some documents (a query's entity names) at once: one call to a symmetric
    /// embedder, two concurrent ones to an asymmetric model (which must embed the query with its query instruction).</summary>
    public async Task<(ReadOnlyMemory<float> Query, IReadOnlyList<ReadOnlyMemory<float>> Documents)> EmbedQueryWithAsync(
        string query, IReadOnlyList<string> documents, CancellationToken cancellationToken)
    {
        if (documents.Count == 0)
        {
            return (await EmbedQueryAsync(query, cancellationToken).ConfigureAwait(false), []);
        }

        if (_asymmetric)
        {
            var queryVector = EmbedQueryAsync(query, cancellationToken);
            var documentVectors = EmbedAsync(documents, cancellationToken);
            await Task.WhenAll(queryVector, documentVectors).ConfigureAwait(false);
            return (await queryVector.ConfigureAwait(false), await documentVectors.ConfigureAwait(false));
        }

        var all = await EmbedAsync([query, .. documents], cancellationToken).ConfigureAwait(false);
        return (all[0], all.Skip(1).ToList());
    }

    private async Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedAsync(
        IReadOnlyList<string> texts, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        using var activity = MemoryTelemetry.Stage("embed");
        activity?.SetTag("memory.embed.count", texts.Count);
        GeneratedEmbeddings<Embedding<float>> generated;
        try
        {
            generated = await generator.GenerateAsync(texts, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ProviderFailures.IsProviderFailure(ex, cancellationToken))
        {
            throw ProviderFailures.Wrap("embedder", ex);
        }

        if (generated.Count != texts.Count)
        {
            throw new ProviderUnavailableException("embedder", $"The embedder returned {generated.Count} vectors for {texts.Count} texts.");
        }

        var vectors = new ReadOnlyMemory<float>[texts.Count];
        for (var i = 0; i < vectors.Length; i++)
        {
            var vector = generated[i].Vector;
            if (vector.Length != Identity.Dimensions)
            {
                throw new ProviderUnavailableException(
                    "embedder",
                    $"The embedder returned {vector.Length}-dimensional vectors; the store expects {Identity.Dimensions}. Check Embeddings:Dimensions and the model.");
            }

            vectors[i] = vector;
        }

        return vectors;
    }
}
