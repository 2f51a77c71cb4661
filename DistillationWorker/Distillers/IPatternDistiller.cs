namespace DistillationWorker.Distillers;

/// <summary>Turns one person's recent conversations into slow-moving patterns (recurring topics, routines, trends).</summary>
public interface IPatternDistiller
{
    /// <summary>Short name stored in each pattern's metadata ("distiller"), so audits can tell which produced it.</summary>
    string Name { get; }

    /// <summary>Returns the patterns the history supports; an empty list when there is not enough evidence.
    /// Throws when it cannot decide (an LLM failure), so the pass retries the person later.</summary>
    Task<IReadOnlyList<DistilledPattern>> DistillAsync(PersonHistory history, CancellationToken cancellationToken);
}
