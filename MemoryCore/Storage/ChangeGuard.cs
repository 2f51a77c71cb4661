using MemoryCore.Model;

namespace MemoryCore.Storage;

/// <summary>The last check before a write: a vector of the wrong size would silently corrupt search.</summary>
internal static class ChangeGuard
{
    public static void CheckVectors(IReadOnlyList<MemoryChange> changes, int dimensions)
    {
        foreach (var change in changes)
        {
            var length = change switch
            {
                InsertMemory insert => insert.Embedding.Length,
                UpdateMemory { Embedding: { } embedding } => embedding.Length,
                _ => dimensions,
            };
            if (length != dimensions)
            {
                throw new InvalidOperationException($"Refusing to store a {length}-dimensional vector for memory {change.MemoryId}; the store holds {dimensions}-dimensional vectors.");
            }
        }
    }

    /// <summary>A writer holds one exact scope (tenant included); a memory it inserts must belong to that scope, or it would
    /// land beside its history rows in another tenant or person.</summary>
    public static void CheckScope(IReadOnlyList<MemoryChange> changes, MemoryScope scope)
    {
        foreach (var change in changes)
        {
            if (change is InsertMemory insert && insert.Memory.Scope != scope)
            {
                throw new InvalidOperationException($"Refusing to insert memory {change.MemoryId} of ({insert.Memory.Scope}) through the writer of ({scope}).");
            }
        }
    }
}
