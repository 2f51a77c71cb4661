using System.Runtime.CompilerServices;
using MemoryCore.Events;
using MemoryCore.Graph;
using MemoryCore.Graph.Engine;
using MemoryCore.Model;
using MemoryCore.Storage;
using Microsoft.Extensions.Logging;

namespace MemoryCore.Engine;

/// <summary>
/// Everything stored about one <c>user_id</c>, across all its agent and run scopes: read out in pages (so a large
/// person never sits in memory at once) and erased. Erasure is one transaction in the relational store; the Neo4j
/// projection, when configured, is erased after the commit and is not atomic with it (a failure is logged and
/// POST /admin/graph/rebuild repairs it from the relational graph, which no longer has the person).
/// </summary>
public sealed class PersonDataService(
    IMemoryStore memories,
    IConversationTurnStore turns,
    IPersonDataStore people,
    IGraphStore graph,
    IAddEventQueue events,
    GraphProjectionSync projection,
    TimeProvider clock,
    ILogger<PersonDataService> logger)
{
    public const int PageSize = 500;

    public async IAsyncEnumerable<IReadOnlyList<MemoryRecord>> MemoryPagesAsync(string userId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        PageCursor? after = null;
        do
        {
            var page = await memories.ListAsync(Person(userId), null, PageSize, after, cancellationToken).ConfigureAwait(false);
            yield return page.Items;
            after = page.Next;
        }
        while (after is not null);
    }

    public async IAsyncEnumerable<IReadOnlyList<HistoryEntry>> HistoryPagesAsync(string userId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        HistoryEntry? after = null;
        IReadOnlyList<HistoryEntry> page;
        do
        {
            page = await people.ListUserHistoryAsync(userId, after, PageSize, cancellationToken).ConfigureAwait(false);
            yield return page;
            after = page.Count > 0 ? page[^1] : null;
        }
        while (page.Count == PageSize);
    }

    public async IAsyncEnumerable<IReadOnlyList<ConversationTurn>> TurnPagesAsync(string userId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var afterSeq = 0L;
        IReadOnlyList<ConversationTurn> page;
        do
        {
            page = await turns.ListTurnsAsync(Person(userId), DateTimeOffset.UnixEpoch, afterSeq, PageSize, cancellationToken).ConfigureAwait(false);
            yield return page;
            afterSeq = page.Count > 0 ? page[^1].Seq : afterSeq;
        }
        while (page.Count == PageSize);
    }

    /// <summary>The person's queued adds (every status: a pending one holds messages not yet in any memory).</summary>
    public async IAsyncEnumerable<IReadOnlyList<AddEventRecord>> EventPagesAsync(string userId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var afterSeq = 0L;
        IReadOnlyList<SequencedAddEvent> page;
        do
        {
            page = await events.ListUserEventsAsync(userId, afterSeq, PageSize, cancellationToken).ConfigureAwait(false);
            yield return [.. page.Select(e => e.Event)];
            afterSeq = page.Count > 0 ? page[^1].Seq : afterSeq;
        }
        while (page.Count == PageSize);
    }

    /// <summary>The person's graph: every node, and every relation ever recorded (current and invalidated).</summary>
    public async Task<(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphRelation> Relations)> GraphAsync(string userId, CancellationToken cancellationToken) =>
        (await graph.NodesAsync(Person(userId), cancellationToken).ConfigureAwait(false),
         await graph.RelationsAsync(Person(userId), null, includeHistory: true, cancellationToken).ConfigureAwait(false));

    public async Task<PersonErasure> EraseAsync(string userId, CancellationToken cancellationToken)
    {
        var erasure = await people.EraseUserAsync(userId, Timestamps.Now(clock), cancellationToken).ConfigureAwait(false);
        if (projection.Configured)
        {
            await projection.AfterEraseAsync(Person(userId), cancellationToken).ConfigureAwait(false);
        }

        MemoryTelemetry.Count(MemoryEvent.Delete, erasure.Memories);
        logger.LogInformation(
            "Erased person {AuditId}: {Memories} memories, {History} history rows redacted, {Turns} turns, {Nodes} graph nodes, {Edges} graph edges",
            erasure.AuditId, erasure.Memories, erasure.HistoryRowsRedacted, erasure.Turns, erasure.GraphNodes, erasure.GraphEdges);
        return erasure;
    }

    /// <summary>Read semantics: user_id matches, any agent and run.</summary>
    private static MemoryScope Person(string userId) => MemoryScope.Create(userId, null, null);
}
