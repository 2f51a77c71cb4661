using MemoryCore.Embeddings;
using MemoryCore.Embeddings.Local;
using MemoryCore.Engine;
using MemoryCore.Extraction;
using MemoryCore.Extraction.Heuristic;
using MemoryCore.Extraction.Llm;
using MemoryCore.Jobs;
using MemoryCore.Retrieval;
using MemoryCore.Storage;
using MemoryCore.Storage.Postgres;
using MemoryCore.Storage.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MemoryCore.Hosting;

/// <summary>Registers the memory engine. Providers are chosen from configuration, not from string keys:
/// a connection string selects PostgreSQL, an LLM model selects the LLM pipeline, an embedding model the remote embedder.</summary>
public static class MemoryServiceCollectionExtensions
{
    /// <summary>The Aspire connection name: ConnectionStrings__memorydb.</summary>
    public const string ConnectionName = "memorydb";

    /// <summary>ActivitySource and Meter name of model-provider calls (LLM and embedder).</summary>
    public const string LlmTelemetrySource = "MemoryCore.Llm";

    public static IHostApplicationBuilder AddMemoryCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MemoryOptions>().BindConfiguration("Memory");
        services.AddOptions<EmbeddingOptions>().BindConfiguration("Embeddings").ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmbeddingOptions>, EmbeddingOptionsValidator>();
        services.AddOptions<LlmOptions>().BindConfiguration("Llm");
        services.AddOptions<StoreOptions>().BindConfiguration("Store").Configure<IConfiguration>((options, configuration) =>
        {
            if (configuration["MEMORY_DATA_DIR"] is { Length: > 0 } dataDir)
            {
                options.DataDir = dataDir;
            }
        });
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(sp =>
            new EmbeddingGeneratorBuilder<string, Embedding<float>>(EmbeddingGenerator(sp))
                .UseOpenTelemetry(sp.GetService<ILoggerFactory>(), LlmTelemetrySource)
                .Build(sp));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
            return new EmbeddingIdentity(
                options.EffectiveProvider switch
                {
                    EmbeddingProvider.OpenAi => options.Model!.Trim(),
                    EmbeddingProvider.Local => ArcticXsModel.Id,
                    _ => HashingEmbeddingGenerator.ModelId,
                },
                options.Dimensions);
        });
        services.AddSingleton<Embedder>();
        services.AddSingleton(CreateStore);
        services.AddHostedService<StoreInitializer>();
        services.AddSingleton(sp => (IConversationTurnStore)sp.GetRequiredService<IMemoryStore>());
        services.AddSingleton(sp => (IPersonDataStore)sp.GetRequiredService<IMemoryStore>());
        services.AddSingleton(sp => (IKeyRegistry)sp.GetRequiredService<IMemoryStore>());
        services.AddSingleton(sp => JobLeaseStores.For(sp.GetRequiredService<IMemoryStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => Events.StoreQueues.Events(sp.GetRequiredService<IMemoryStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => Events.StoreQueues.Idempotency(sp.GetRequiredService<IMemoryStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<TurnRetentionOptions>().BindConfiguration("Turns");
        services.AddHostedService<TurnRetentionService>();

        // LLM calls get gen_ai spans and token/latency metrics under the "MemoryCore.Llm" source and meter.
        services.AddSingleton<IChatClient>(sp =>
            new ChatClientBuilder(OpenAiCompatibleProviders.CreateChatClient(sp.GetRequiredService<IOptions<LlmOptions>>().Value))
                .ConfigureOptions(options => options.Temperature = (float?)sp.GetRequiredService<IOptions<LlmOptions>>().Value.Temperature)
                .UseOpenTelemetry(sp.GetService<ILoggerFactory>(), LlmTelemetrySource)
                .Build(sp));
        services.AddSingleton<LlmFactExtractor>();
        services.AddSingleton<LlmMemoryReconciler>();
        services.AddSingleton<HeuristicFactExtractor>();
        services.AddSingleton(sp =>
        {
            var scale = SimilarityScale.For(sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value.EffectiveProvider);
            return new HeuristicMemoryReconciler(scale.Duplicate, scale.Delete);
        });
        services.AddSingleton<IFactExtractor>(sp => UsesLlm(sp) ? sp.GetRequiredService<LlmFactExtractor>() : sp.GetRequiredService<HeuristicFactExtractor>());
        services.AddSingleton<IMemoryReconciler>(sp => UsesLlm(sp) ? sp.GetRequiredService<LlmMemoryReconciler>() : sp.GetRequiredService<HeuristicMemoryReconciler>());

        services.AddHybridRetrieval();
        Graph.Hosting.GraphServiceCollectionExtensions.AddGraphMemory(services);
        services.AddOptions<Categories.CategoryOptions>().BindConfiguration("Categories");
        services.AddSingleton<Categories.EmbeddingCategorizer>();
        services.AddSingleton(sp => (Categories.ITenantSettingsStore)sp.GetRequiredService<IMemoryStore>());
        services.AddSingleton<MemoryService>();
        services.AddSingleton<PersonDataService>();
        services.AddSingleton<StoreReembedder>();
        services.AddSingleton<MemoryCore.Import.MemoryImporter>();
        services.AddHostedService<ReembedOnStartService>();
        services.AddHealthChecks().AddCheck<MemoryStoreHealthCheck>("memory-store");
        return builder;
    }

    private static bool UsesLlm(IServiceProvider sp) => sp.GetRequiredService<IOptions<LlmOptions>>().Value.IsConfigured;

    /// <summary>Only the configured provider is constructed, so the local model is never loaded when another is used.</summary>
    private static IEmbeddingGenerator<string, Embedding<float>> EmbeddingGenerator(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
        return options.EffectiveProvider switch
        {
            EmbeddingProvider.OpenAi => OpenAiCompatibleProviders.CreateEmbeddingGenerator(options),
            EmbeddingProvider.Local => new LocalEmbeddingGenerator(sp.GetRequiredService<ILogger<LocalEmbeddingGenerator>>()),
            _ => new HashingEmbeddingGenerator(options.Dimensions),
        };
    }

    private static IMemoryStore CreateStore(IServiceProvider sp)
    {
        var configuration = sp.GetRequiredService<IConfiguration>();
        var options = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
        var identity = sp.GetRequiredService<EmbeddingIdentity>();
        var clock = sp.GetRequiredService<TimeProvider>();
        var loggers = sp.GetRequiredService<ILoggerFactory>();
        var connectionString = configuration.GetConnectionString(ConnectionName);
        return string.IsNullOrWhiteSpace(connectionString)
            ? new SqliteMemoryStore(Path.Combine(options.DataDir, "memory.db"), identity, clock, loggers.CreateLogger<SqliteMemoryStore>())
            : new PostgresMemoryStore(connectionString, options, identity, clock, loggers.CreateLogger<PostgresMemoryStore>());
    }
}
