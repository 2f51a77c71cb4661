using MemoryCore.Model;

namespace MemoryCore.Extraction;

/// <summary>A new fact with the existing memories of its scope closest to it.</summary>
public sealed record FactCandidates(int FactIndex, string Fact, IReadOnlyList<ScoredMemory> Candidates);

/// <summary>
/// What to do with one fact. <see cref="TargetId"/> names the existing memory for UPDATE and DELETE (and
/// optionally NONE); <see cref="Text"/> is the text to store for ADD and UPDATE.
/// </summary>
public sealed record MemoryDecision(int FactIndex, MemoryEvent Event, Guid? TargetId, string? Text);

/// <summary>Decides ADD / UPDATE / DELETE / NONE for each new fact against existing memories.</summary>
public interface IMemoryReconciler
{
    /// <summary>Returns decisions for the facts; the engine validates every target id against the candidates,
    /// and treats a fact without a decision as ADD so that nothing is silently dropped.</summary>
    Task<IReadOnlyList<MemoryDecision>> DecideAsync(IReadOnlyList<FactCandidates> facts, CancellationToken cancellationToken);
}
