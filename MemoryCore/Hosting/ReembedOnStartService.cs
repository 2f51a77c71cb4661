using MemoryCore.Embeddings;
using MemoryCore.Engine;
using MemoryCore.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MemoryCore.Hosting;

/// <summary>
/// Moves a store whose vectors came from another model of the same size (a zero-key store written with the hashing
/// embedder, before the local model became the default) to the configured embedder, in the background once the
/// service has started: searches that compare vectors of two models find the wrong memories, and for this product a
/// silent drop in what is found is not acceptable. The service keeps serving meanwhile (full-text still finds), and
/// <see cref="StoreReembedder"/> logs its progress. <c>Embeddings:ReembedOnStart=false</c> leaves it to the admin route.
/// </summary>
internal sealed class ReembedOnStartService(
    IMemoryStore store,
    Embedder embedder,
    StoreReembedder reembedder,
    IOptions<EmbeddingOptions> options,
    ILogger<ReembedOnStartService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ReembedOnStart || store is not IEmbeddingRewriter rewriter)
        {
            return;
        }

        try
        {
            var recorded = await rewriter.RecordedModelAsync(stoppingToken).ConfigureAwait(false);
            if (recorded is null || recorded == embedder.Identity.Model)
            {
                return;
            }

            logger.LogWarning(
                "The store's vectors come from {Recorded}, the configured embedder is {Configured}: re-embedding every memory in the background",
                recorded, embedder.Identity.Model);
            await reembedder.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // A failure here must not stop the service; the admin route runs the same re-embedding again.
            logger.LogError(ex, "Re-embedding at start-up failed; run POST /admin/embeddings/reembed with the admin key to retry");
        }
    }
}
