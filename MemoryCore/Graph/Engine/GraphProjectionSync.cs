using MemoryCore.Graph.Neo4j;
using MemoryCore.Model;
using Microsoft.Extensions.Logging;

namespace MemoryCore.Graph.Engine;

/// <summary>Counts of a projection rebuild.</summary>
public sealed record GraphRebuildResult(int Scopes, int Nodes, int Relations);

/// <summary>
/// Keeps the projection (Neo4j) in step with the relational graph after commits. The relational tables are the source
/// of truth: a projection failure is logged and never fails the write; POST /admin/graph/rebuild repairs it.
/// Syncs run while the scope's write lock is held, so two writes of a scope cannot project out of order.
/// </summary>
public sealed class GraphProjectionSync(IGraphStore store, IGraphProjection? projection, ILogger<GraphProjectionSync> logger)
{
    public bool Configured => projection is not null;

    public Task AfterCommitAsync(MemoryScope scope, CancellationToken cancellationToken) =>
        SafelyAsync("sync " + scope, async () => await projection!.SyncScopeAsync(await store.SnapshotAsync(scope, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false));

    public Task AfterEraseAsync(MemoryScope scope, CancellationToken cancellationToken) =>
        SafelyAsync("erase " + scope, () => projection!.DeleteMatchingAsync(scope, cancellationToken));

    public Task AfterResetAsync(CancellationToken cancellationToken) =>
        SafelyAsync("reset", () => projection!.ResetAsync(cancellationToken));

    /// <summary>Replaces the whole projection with the relational graph. Errors propagate: the caller asked for it.</summary>
    public async Task<GraphRebuildResult> RebuildAsync(CancellationToken cancellationToken)
    {
        if (projection is null)
        {
            throw new InvalidOperationException("No graph projection is configured (GRAPH_STORE_PROVIDER=neo4j with NEO4J_URI).");
        }

        await projection.ResetAsync(cancellationToken).ConfigureAwait(false);
        int scopes = 0, nodes = 0, relations = 0;
        foreach (var scope in await store.ScopesAsync(cancellationToken).ConfigureAwait(false))
        {
            var snapshot = await store.SnapshotAsync(scope, cancellationToken).ConfigureAwait(false);
            await projection.SyncScopeAsync(snapshot, cancellationToken).ConfigureAwait(false);
            (scopes, nodes, relations) = (scopes + 1, nodes + snapshot.Nodes.Count, relations + snapshot.Relations.Count);
        }

        logger.LogInformation("Graph projection rebuilt: {Scopes} scopes, {Nodes} nodes, {Relations} relations", scopes, nodes, relations);
        return new GraphRebuildResult(scopes, nodes, relations);
    }

    private async Task SafelyAsync(string what, Func<Task> action)
    {
        if (projection is null)
        {
            return;
        }

        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Neo4jException or HttpRequestException or TimeoutException or OperationCanceledException or System.Data.Common.DbException)
        {
            logger.LogError(ex, "Graph projection {What} failed; the relational graph is intact. Run POST /admin/graph/rebuild to repair the projection", what);
        }
    }
}
