using MemoryCore.Engine;
using MemoryCore.Model;
using MemoryCore.Storage;

namespace MemoryCore.Graph.Engine;

/// <summary>
/// The graph part of a commit, for the engine's write paths: plan the graph change from the memory events (under the
/// scope's write lock), append it to the same commit, and refresh the projection once it is committed.
/// </summary>
internal static class GraphCommitStep
{
    /// <summary>The memory changes plus the graph change, and the summary to report (null when graph memory is off).</summary>
    public static async Task<(List<MemoryChange> Changes, GraphChangeSummary? Summary)> WithGraphAsync(
        GraphMemory? graph, MemoryScope scope, IReadOnlyList<MemoryChange> changes, IEnumerable<MemoryEventResult> events, DateTimeOffset now, CancellationToken cancellationToken,
        PreparedGraph? prepared = null)
    {
        var all = changes.ToList();
        if (graph is not { Enabled: true })
        {
            return (all, null);
        }

        var plan = await graph.PlanAsync(scope, events, now, cancellationToken, prepared).ConfigureAwait(false);
        if (plan.Change is not null)
        {
            all.Add(plan.Change);
        }

        return (all, plan.Summary);
    }

    /// <summary>Commits and, under the scope's lock, refreshes the projection when the graph may have changed (never throws
    /// for the projection). A store may release the lock with the commit (PostgreSQL's transaction-level lock does), so it
    /// is taken again first: snapshot and sync of one scope never interleave with another writer's, and the last sync
    /// always carries every commit before it.</summary>
    public static async Task CommitAsync(GraphMemory? graph, IScopeWriter writer, IReadOnlyList<MemoryChange> changes, CancellationToken cancellationToken)
    {
        await writer.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
        if (graph is not null && changes.Any(c => c is ApplyGraphDelta or DeleteMemory or UpdateMemory { Embedding: not null }))
        {
            if (graph.Projection.Configured)
            {
                await writer.HoldLockAsync(cancellationToken).ConfigureAwait(false);
            }

            await graph.AfterCommitAsync(writer.Scope, cancellationToken).ConfigureAwait(false);
        }
    }
}
