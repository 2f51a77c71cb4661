using MemoryCore.Embeddings;
using MemoryCore.Engine;
using MemoryCore.Graph;
using MemoryCore.Graph.Engine;
using MemoryCore.Graph.Extraction;
using MemoryCore.Graph.Extraction.Heuristic;
using MemoryCore.Graph.Neo4j;
using MemoryCore.Model;
using MemoryCore.Storage;
using MemoryCore.Storage.Postgres;
using MemoryCore.Storage.Postgres.Graph;
using MemoryCore.Storage.Sqlite;
using MemoryCore.Storage.Sqlite.Graph;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Graph;

/// <summary>
/// A memory store with graph memory wired as the engine wires it (heuristic extractor and contradiction rules, hashing
/// embedder), driven one memory at a time so that tests control exactly what each write states.
/// </summary>
internal sealed class GraphHarness
{
    private readonly Embedder _embedder = new(new HashingEmbeddingGenerator(Dimensions), Identity);

    public GraphHarness(IMemoryStore store, IGraphProjection? projection = null, double threshold = 0.7, IGraphExtractor? extractor = null)
    {
        Store = store;
        Graph = store switch
        {
            PostgresMemoryStore postgres => new PostgresGraphStore(postgres.DataSource, new PostgresGraphSql(postgres.Sql)),
            SqliteMemoryStore sqlite => new SqliteGraphStore(sqlite.DatabasePath),
            _ => throw new NotSupportedException(store.GetType().Name),
        };
        Projection = new GraphProjectionSync(Graph, projection, NullLogger<GraphProjectionSync>.Instance);
        Memory = new GraphMemory(
            Options.Create(new GraphOptions { MergeThreshold = threshold }), Graph, extractor ?? new HeuristicGraphExtractor(),
            new HeuristicContradictionDetector(), _embedder, Projection, NullLogger<GraphMemory>.Instance);
    }

    public IMemoryStore Store { get; }

    public IGraphStore Graph { get; }

    public GraphMemory Memory { get; }

    public GraphProjectionSync Projection { get; }

    /// <summary>Stores one memory and its relations in one commit.</summary>
    /// <param name="beforeCommit">Runs between planning and committing (to stage a concurrent request).</param>
    public async Task<(MemoryRecord Memory, GraphChangeSummary Relations)> AddAsync(MemoryScope scope, string text, Func<Task>? beforeCommit = null)
    {
        var insert = Insert(scope, text);
        var summary = await CommitAsync(scope, insert, new MemoryEventResult(insert.Memory.Id, text, MemoryEvent.Add, null), beforeCommit);
        return (insert.Memory, summary);
    }

    public async Task<GraphChangeSummary> UpdateAsync(MemoryRecord memory, string text)
    {
        var update = new UpdateMemory(memory.Id, memory.Memory, text, MemoryHash.Compute(text), Vector(text), memory.Metadata, Timestamps.Now(TimeProvider.System));
        return await CommitAsync(memory.Scope, update, new MemoryEventResult(memory.Id, text, MemoryEvent.Update, memory.Memory));
    }

    public async Task<GraphChangeSummary> DeleteAsync(MemoryRecord memory) =>
        await CommitAsync(memory.Scope, new DeleteMemory(memory.Id, memory.Memory), new MemoryEventResult(memory.Id, memory.Memory, MemoryEvent.Delete, null));

    public async Task DeleteScopeAsync(MemoryScope scope)
    {
        await Store.DeleteScopeAsync(scope, CancellationToken.None);
        await Projection.AfterEraseAsync(scope, CancellationToken.None);
    }

    public async Task ResetAsync()
    {
        await Store.ResetAsync(CancellationToken.None);
        await Projection.AfterResetAsync(CancellationToken.None);
    }

    public async Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedAsync(params string[] names) => await _embedder.EmbedAsync(names, CancellationToken.None);

    private async Task<GraphChangeSummary> CommitAsync(MemoryScope scope, MemoryChange change, MemoryEventResult result, Func<Task>? beforeCommit = null)
    {
        await using var writer = await Store.OpenWriterAsync(scope, CancellationToken.None);
        var plan = await Memory.PlanAsync(scope, [result], Timestamps.Now(TimeProvider.System), CancellationToken.None);
        if (beforeCommit is not null)
        {
            await beforeCommit();
        }

        await writer.CommitAsync(plan.Change is null ? [change] : [change, plan.Change], CancellationToken.None);
        await Memory.AfterCommitAsync(scope, CancellationToken.None);
        return plan.Summary;
    }
}
