using MemoryCore.Graph.Engine;
using MemoryCore.Model;
using MemoryCore.Storage;

namespace MemoryCore.Engine;

/// <summary>Graph memory in the single-memory write paths: a rewritten memory restates its relations, and every
/// write keeps the projection in step.</summary>
public sealed partial class MemoryService
{
    private readonly GraphMemory? _graph;

    /// <summary>Commits an update; a changed text withdraws the old relations and states the new text's.</summary>
    private async Task CommitUpdateAsync(IScopeWriter writer, UpdateMemory update, CancellationToken cancellationToken)
    {
        IEnumerable<MemoryEventResult> events = update.Embedding is null ? [] : [new MemoryEventResult(update.Id, update.NewMemory, MemoryEvent.Update, update.OldMemory)];
        var (changes, _) = await GraphCommitStep.WithGraphAsync(_graph, writer.Scope, [update], events, update.UpdatedAt, cancellationToken).ConfigureAwait(false);
        await GraphCommitStep.CommitAsync(_graph, writer, changes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Commits a delete; the store withdraws the memory's support and invalidates what only it stated.</summary>
    private Task CommitDeleteAsync(IScopeWriter writer, DeleteMemory delete, CancellationToken cancellationToken) =>
        GraphCommitStep.CommitAsync(_graph, writer, [delete], cancellationToken);

    private Task AfterEraseAsync(MemoryScope scope, CancellationToken cancellationToken) =>
        _graph?.Projection.AfterEraseAsync(scope, cancellationToken) ?? Task.CompletedTask;

    private Task AfterResetAsync(CancellationToken cancellationToken) =>
        _graph?.Projection.AfterResetAsync(cancellationToken) ?? Task.CompletedTask;
}
