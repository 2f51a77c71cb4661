using MemoryCore.Model;

namespace MemoryCore.Storage;

/// <summary>
/// The raw turns MemoryApi receives, per scope, for the distillation worker. Written with the memories
/// (see <see cref="AppendTurns"/>), erased with their scope, purged after the retention period.
/// </summary>
public interface IConversationTurnStore
{
    /// <summary>Every (user, agent) of <paramref name="tenant"/> with turns of seq &gt; <paramref name="afterSeq"/> created at or before <paramref name="before"/>.</summary>
    Task<IReadOnlyList<TurnScope>> ListTurnScopesAsync(string tenant, long afterSeq, DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>Turns of the scope (read semantics: a missing id means any) created at or after <paramref name="since"/>, in seq order.</summary>
    Task<IReadOnlyList<ConversationTurn>> ListTurnsAsync(MemoryScope scope, DateTimeOffset since, long afterSeq, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes turns created before <paramref name="olderThan"/>; returns how many.</summary>
    Task<int> PurgeTurnsAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}
