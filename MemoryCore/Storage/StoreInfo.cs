using System.Globalization;
using Microsoft.Extensions.Logging;

namespace MemoryCore.Storage;

/// <summary>Records which embedder a store was created with, and refuses to open it with other dimensions.</summary>
internal static class StoreInfo
{
    public const string DimensionsKey = "embedding_dimensions";
    public const string ModelKey = "embedding_model";

    public static async Task CheckOrRecordAsync(
        Func<string, Task<string?>> read, Func<string, string, Task> write,
        EmbeddingIdentity embedding, string storeName, ILogger logger)
    {
        var dimensions = await read(DimensionsKey).ConfigureAwait(false);
        if (dimensions is null)
        {
            await write(DimensionsKey, embedding.Dimensions.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            await write(ModelKey, embedding.Model).ConfigureAwait(false);
            return;
        }

        if (dimensions != embedding.Dimensions.ToString(CultureInfo.InvariantCulture))
        {
            throw new StoreConfigurationException(
                $"The memory store at {storeName} was created with {dimensions}-dimensional embeddings, but the configured " +
                $"embedder ({embedding.Model}) produces {embedding.Dimensions}. Refusing to start so that no vector is corrupted: " +
                "set Embeddings:Dimensions back, or point the service at a new store and re-import the memories.");
        }

        var model = await read(ModelKey).ConfigureAwait(false);
        if (model is not null && model != embedding.Model)
        {
            logger.LogWarning(
                "The memory store at {Store} was created with embedding model {Stored}; now configured: {Configured}. " +
                "Vectors of different models are not comparable: search quality suffers until the store is re-embedded, " +
                "which starts in the background unless Embeddings:ReembedOnStart is false " +
                "(or POST /admin/embeddings/reembed with the admin key; README, \"Changing the embedder\").",
                storeName, model, embedding.Model);
        }
    }
}
