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
}
