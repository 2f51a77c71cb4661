using System.Runtime.CompilerServices;
using MemoryCore.Events;
using MemoryCore.Graph;
using MemoryCore.Graph.Engine;
using MemoryCore.Model;
using MemoryCore.Storage;
using Microsoft.Extensions.Logging;

namespace MemoryCore.Engine;

/// <summary>
/// Everything stored about one <c>user_id</c> in one tenant, across all its agent and run scopes: read out in pages (so a large
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

    public async IAsyncEnumerable<IReadOnlyList<MemoryRecord>> MemoryPagesAsync(MemoryScope person, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        PageCursor? after = null;
        do
        {
            var page = await memories.ListAsync(person, null, PageSize, after, cancellationToken).ConfigureAwait(false);
            yield return page.Items;
            after = page.Next;
        }
        while (after is not null);
    }

    public async IAsyncEnumerable<IReadOnlyList<HistoryEntry>> HistoryPagesAsync(MemoryScope person, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        HistoryEntry? after = null;
        IReadOnlyList<HistoryEntry> page;
        do
        {
            page = await people.ListUserHistoryAsync(person.Tenant, UserOf(person), after, PageSize, cancellationToken).ConfigureAwait(false);
            yield return page;
            after = page.Count > 0 ? page[^1] : null;
        }
        while (page.Count == PageSize);
    }

    public async IAsyncEnumerable<IReadOnlyList<ConversationTurn>> TurnPagesAsync(MemoryScope person, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var afterSeq = 0L;
        IReadOnlyList<ConversationTurn> page;
        do
        {
            page = await turns.ListTurnsAsync(person, DateTimeOffset.UnixEpoch, afterSeq, PageSize, cancellationToken).ConfigureAwait(false);
            yield return page;
            afterSeq = page.Count > 0 ? page[^1].Seq : afterSeq;
        }
        while (page.Count == PageSize);
    }

    /// <summary>The person's queued adds (every status: a pending one holds messages not yet in any memory).</summary>
    public async IAsyncEnumerable<IReadOnlyList<AddEventRecord>> EventPagesAsync(MemoryScope person, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var afterSeq = 0L;
        IReadOnlyList<SequencedAddEvent> page;
        do
        {
            page = await events.ListUserEventsAsync(person.Tenant, UserOf(person), afterSeq, PageSize, cancellationToken).ConfigureAwait(false);
            yield return [.. page.Select(e => e.Event)];
            afterSeq = page.Count > 0 ? page[^1].Seq : afterSeq;
        }
        while (page.Count == PageSize);
    }

    /// <summary>The person's graph: every node, and every relation ever recorded (current and invalidated).</summary>
    public async Task<(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphRelation> Relations)> GraphAsync(MemoryScope person, CancellationToken cancellationToken) =>
        (await graph.NodesAsync(person, cancellationToken).ConfigureAwait(false),
         await graph.RelationsAsync(person, null, includeHistory: true, cancellationToken).ConfigureAwait(false));

    public async Task<PersonErasure> EraseAsync(MemoryScope person, CancellationToken cancellationToken)
    {
        var erasure = await people.EraseUserAsync(person.Tenant, UserOf(person), Timestamps.Now(clock), cancellationToken).ConfigureAwait(false);
        if (projection.Configured)
        {
            await projection.AfterEraseAsync(person, cancellationToken).ConfigureAwait(false);
        }

        MemoryTelemetry.Count(MemoryEvent.Delete, erasure.Memories);
        logger.LogInformation(
            "Erased person {AuditId}: {Memories} memories, {History} history rows redacted, {Turns} turns, {Nodes} graph nodes, {Edges} graph edges",
            erasure.AuditId, erasure.Memories, erasure.HistoryRowsRedacted, erasure.Turns, erasure.GraphNodes, erasure.GraphEdges);
        return erasure;
    }

    /// <summary>The person's user id; every method takes the person as a user-only scope (read semantics: any agent and
    /// run), built by the caller's <see cref="ScopeAccess"/> so it carries the caller's tenant.</summary>
    private static string UserOf(MemoryScope person) =>
        person is { UserId: { } userId, AgentId: null, RunId: null, AppId: null }
            ? userId
            : throw new ArgumentException("A person is a scope with only a user_id.", nameof(person));
}
