using System.Collections;
using MemoryCore.Engine;

namespace MemoryCore.Graph.Engine;

/// <summary>
/// The results of an add, plus the relations it added and invalidated when graph memory is on. It is the list
/// <see cref="MemoryService.AddAsync"/> returns, so callers that only want the memory events are unaffected.
/// </summary>
public sealed class AddMemoryResults(IReadOnlyList<MemoryEventResult> results, GraphChangeSummary? relations) : IReadOnlyList<MemoryEventResult>
{
    /// <summary>Null when graph memory is off.</summary>
    public GraphChangeSummary? Relations { get; } = relations;

    public int Count => results.Count;

    public MemoryEventResult this[int index] => results[index];

    public IEnumerator<MemoryEventResult> GetEnumerator() => results.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Add with the graph summary, for hosts that report relations (POST /memories).</summary>
public static class MemoryServiceGraphExtensions
{
    public static async Task<(IReadOnlyList<MemoryEventResult> Results, GraphChangeSummary? Relations)> AddWithRelationsAsync(
        this MemoryService service, AddMemoryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var results = await service.AddAsync(request, cancellationToken).ConfigureAwait(false);
        return (results, (results as AddMemoryResults)?.Relations);
    }
}
