using MemoryCore.Embeddings;
using MemoryCore.Extraction.Llm;
using MemoryCore.Graph.Engine;
using MemoryCore.Graph.Extraction;
using MemoryCore.Graph.Extraction.Heuristic;
using MemoryCore.Graph.Extraction.Llm;
using MemoryCore.Graph.Neo4j;
using MemoryCore.Retrieval;
using MemoryCore.Storage;
using MemoryCore.Storage.Postgres;
using MemoryCore.Storage.Postgres.Graph;
using MemoryCore.Storage.Sqlite;
using MemoryCore.Storage.Sqlite.Graph;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MemoryCore.Graph.Hosting;

/// <summary>
/// Registers graph memory: options (section "Graph"; GRAPH_STORE_PROVIDER and NEO4J_* win), the relational graph of
/// the configured memory store, the extractor and contradiction detector (LLM when Llm:Model is set, unless
/// Graph:Extractor is "heuristic"), the Neo4j projection when chosen, and the "graph" retrieval signal.
/// </summary>
public static class GraphServiceCollectionExtensions
{
    public static IServiceCollection AddGraphMemory(this IServiceCollection services)
    {
        services.AddOptions<GraphOptions>().BindConfiguration("Graph").Configure<IConfiguration>(ApplyEnvironment)
            .PostConfigure<IConfiguration, IOptions<EmbeddingOptions>>((options, configuration, embeddings) =>
            {
                // Unless configured, entities merge at the embedder's own similarity scale (see SimilarityScale).
                if (configuration["Graph:MergeThreshold"] is null)
                {
                    options.MergeThreshold = SimilarityScale.For(embeddings.Value.EffectiveProvider).EntityMerge;
                }
            })
            .Validate(o => o.MergeThreshold is > 0 and <= 1, "Graph:MergeThreshold must be in (0, 1].")
            .Validate(o => o.SearchHops is >= 1 and <= GraphSearch.MaxHops, $"Graph:SearchHops must be 1-{GraphSearch.MaxHops}.")
            .Validate(o => o.Provider != GraphProvider.Neo4j || !string.IsNullOrWhiteSpace(o.Neo4j.Uri), "GRAPH_STORE_PROVIDER=neo4j needs NEO4J_URI.")
            .ValidateOnStart();

        services.AddSingleton<IGraphStore>(sp => sp.GetRequiredService<IMemoryStore>() switch
        {
            PostgresMemoryStore postgres => new PostgresGraphStore(postgres.DataSource, new PostgresGraphSql(postgres.Sql)),
            SqliteMemoryStore sqlite => new SqliteGraphStore(sqlite.DatabasePath),
            var other => throw new InvalidOperationException($"No relational graph for store {other.GetType().Name}."),
        });
        services.AddSingleton<HeuristicGraphExtractor>();
        services.AddSingleton<HeuristicContradictionDetector>();
        services.AddSingleton(sp => new LlmGraphExtractor(sp.GetRequiredService<Microsoft.Extensions.AI.IChatClient>(), sp.GetRequiredService<ILogger<LlmGraphExtractor>>()));
        services.AddSingleton(sp => new LlmContradictionDetector(sp.GetRequiredService<Microsoft.Extensions.AI.IChatClient>(), sp.GetRequiredService<ILogger<LlmContradictionDetector>>()));
        services.AddSingleton<IGraphExtractor>(sp => UsesLlm(sp) ? sp.GetRequiredService<LlmGraphExtractor>() : sp.GetRequiredService<HeuristicGraphExtractor>());
        services.AddSingleton<IContradictionDetector>(sp => UsesLlm(sp) ? sp.GetRequiredService<LlmContradictionDetector>() : sp.GetRequiredService<HeuristicContradictionDetector>());

        services.AddSingleton(sp => new GraphProjectionSync(sp.GetRequiredService<IGraphStore>(), Projection(sp), sp.GetRequiredService<ILogger<GraphProjectionSync>>()));
        services.AddSingleton<GraphMemory>();
        services.AddSingleton<GraphRetrievalSignal>();
        services.AddSingleton<IRetrievalSignal>(sp => sp.GetRequiredService<GraphRetrievalSignal>());
        services.AddKeyedSingleton<IRetrievalSignal>(GraphRetrievalSignal.SignalName, (sp, _) => sp.GetRequiredService<GraphRetrievalSignal>());
        return services;
    }

    private static void ApplyEnvironment(GraphOptions options, IConfiguration configuration)
    {
        if (configuration["GRAPH_STORE_PROVIDER"] is { Length: > 0 } provider)
        {
            options.Provider = Enum.TryParse<GraphProvider>(provider.Trim(), ignoreCase: true, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"GRAPH_STORE_PROVIDER '{provider}' is not one of none, relational, neo4j.");
        }

        options.Neo4j.Uri = configuration["NEO4J_URI"] is { Length: > 0 } uri ? uri : options.Neo4j.Uri;
        options.Neo4j.User = configuration["NEO4J_USER"] is { Length: > 0 } user ? user : options.Neo4j.User;
        options.Neo4j.Password = configuration["NEO4J_PASSWORD"] ?? options.Neo4j.Password;
        options.Neo4j.Database = configuration["NEO4J_DATABASE"] is { Length: > 0 } database ? database : options.Neo4j.Database;
    }

    private static bool UsesLlm(IServiceProvider sp) =>
        sp.GetRequiredService<IOptions<LlmOptions>>().Value.IsConfigured
        && !string.Equals(sp.GetRequiredService<IOptions<GraphOptions>>().Value.Extractor, "heuristic", StringComparison.OrdinalIgnoreCase);

    private static Neo4jGraphProjection? Projection(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<GraphOptions>>().Value;
        if (options.Provider != GraphProvider.Neo4j)
        {
            return null;
        }

        // Its own client, outside the shared resilience pipeline: a projection call is never retried inside a write
        // (which holds the scope's lock); a failed sync is logged and repaired by POST /admin/graph/rebuild.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        return new Neo4jGraphProjection(new Neo4jQueryClient(http, options.Neo4j));
    }
}
