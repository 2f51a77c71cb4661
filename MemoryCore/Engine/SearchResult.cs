using System.Collections;
using MemoryCore.Graph;
using MemoryCore.Model;

namespace MemoryCore.Engine;

/// <summary>
/// What one search returns: the memories, best first, and the graph relations around what the query is about. It is
/// the list <see cref="MemoryService.SearchAsync"/> returns, so callers that only want the memories are unaffected.
/// </summary>
public sealed class SearchResult(IReadOnlyList<ScoredMemory> memories, IReadOnlyList<NeighbourhoodRelation>? relations) : IReadOnlyList<ScoredMemory>
{
    /// <summary>Nearest first; null when graph memory is off or the request did not ask for relations.</summary>
    public IReadOnlyList<NeighbourhoodRelation>? Relations { get; } = relations;

    public int Count => memories.Count;

    public ScoredMemory this[int index] => memories[index];

    public IEnumerator<ScoredMemory> GetEnumerator() => memories.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
