using MemoryCore.Embeddings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MemoryCore.Retrieval;

/// <summary>Registers search modes: the vector and full-text signals, the options and <see cref="HybridSearch"/>.
/// Other signals (graph) register themselves as further <see cref="IRetrievalSignal"/>s.</summary>
public static class RetrievalServiceCollectionExtensions
{
    public static IServiceCollection AddHybridRetrieval(this IServiceCollection services)
    {
        services.AddOptions<RetrievalOptions>().BindConfiguration("Retrieval")
            .Validate(o => o.Problem() is null, "Retrieval options are invalid: weights must be finite and >= 0, Candidates 1-1000, RrfK >= 0.")
            .ValidateOnStart()
            .PostConfigure<IOptions<EmbeddingOptions>>((options, embeddings) =>
            {
                options.Fusion ??= embeddings.Value.EffectiveProvider == EmbeddingProvider.Local ? FusionMethod.Normalized : FusionMethod.Rrf;
                if (embeddings.Value.EffectiveProvider == EmbeddingProvider.Hashing && !options.Weights.Keys.Any(k => k.Equals("vector", StringComparison.OrdinalIgnoreCase)))
                {
                    options.Weights["vector"] = RetrievalOptions.OfflineVectorWeight;
                }
            });
        services.AddSingleton<IRetrievalSignal, VectorSignal>();
        services.AddSingleton<IRetrievalSignal, FullTextSignal>();
        services.AddSingleton<HybridSearch>();
        return services;
    }
}
