using MemoryCore.Storage;
using Microsoft.Extensions.Logging;

namespace MemoryCore.Engine;

/// <summary>What a re-embedding did: the embedder now recorded in the store and how many vectors were recomputed.</summary>
public sealed record ReembedResult(string Model, int Dimensions, int Memories, int GraphNodes);

/// <summary>
/// Recomputes every stored vector (memories, then graph entities) with the configured embedder, page by page, and
/// then records that embedder in the store, so a store created with another embedder of the same dimensions (the
/// hashing embedder's 384, moving to the local model) keeps every memory, its id, history and timestamps.
/// </summary>
/// <remarks>
/// The service keeps serving while it runs: new and changed memories are embedded by the new embedder anyway, and
/// a row whose text changed between read and write is left alone. Searches until it finishes compare some vectors
/// of the old embedder, which is why it logs its progress. One run at a time; a second caller waits.
/// </remarks>
public sealed class StoreReembedder(IMemoryStore store, Embedder embedder, ILogger<StoreReembedder> logger) : IDisposable
{
    /// <summary>Texts per embedder batch and per store transaction.</summary>
    public const int PageSize = 64;

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public async Task<ReembedResult> RunAsync(CancellationToken cancellationToken)
    {
        if (store is not IEmbeddingRewriter rewriter)
        {
            throw new NotSupportedException($"{store.GetType().Name} cannot re-embed its vectors.");
        }

        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            logger.LogInformation("Re-embedding the store with {Model} ({Dimensions} dimensions)", embedder.Identity.Model, embedder.Identity.Dimensions);
            var memories = await RewriteAsync(rewriter, EmbeddedRows.Memories, cancellationToken).ConfigureAwait(false);
            var nodes = await RewriteAsync(rewriter, EmbeddedRows.GraphNodes, cancellationToken).ConfigureAwait(false);
            await rewriter.RecordEmbedderAsync(embedder.Identity, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Re-embedded {Memories} memories and {Nodes} graph entities with {Model}", memories, nodes, embedder.Identity.Model);
            return new ReembedResult(embedder.Identity.Model, embedder.Identity.Dimensions, memories, nodes);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose() => _oneAtATime.Dispose();

    private async Task<int> RewriteAsync(IEmbeddingRewriter rewriter, EmbeddedRows rows, CancellationToken cancellationToken)
    {
        var done = 0;
        string? after = null;
        while (true)
        {
            var page = await rewriter.ReadTextsAsync(rows, after, PageSize, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                return done;
            }

            var vectors = await embedder.EmbedAsync([.. page.Select(p => p.Text)], cancellationToken).ConfigureAwait(false);
            await rewriter.WriteVectorsAsync(rows, [.. page.Select((row, i) => (row, vectors[i]))], cancellationToken).ConfigureAwait(false);
            done += page.Count;
            after = page[^1].Id;
            logger.LogInformation("Re-embedding {Rows}: {Done} done", rows, done);
        }
    }
}
