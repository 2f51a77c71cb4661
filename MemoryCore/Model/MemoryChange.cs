using System.Text.Json;

namespace MemoryCore.Model;

/// <summary>
/// One write that a store applies, together with its history row, inside a single transaction.
/// </summary>
public abstract record MemoryChange(Guid MemoryId);

public sealed record InsertMemory(MemoryRecord Memory, ReadOnlyMemory<float> Embedding) : MemoryChange(Memory.Id);

/// <summary>Replaces text and metadata; a null <see cref="Embedding"/> keeps the stored vector (text unchanged).</summary>
public sealed record UpdateMemory(
    Guid Id,
    string OldMemory,
    string NewMemory,
    string Hash,
    ReadOnlyMemory<float>? Embedding,
    IReadOnlyDictionary<string, JsonElement> Metadata,
    DateTimeOffset UpdatedAt) : MemoryChange(Id)
{
    /// <summary>The memory's new categories; null keeps the stored ones (the text did not change).</summary>
    public IReadOnlyList<string>? Categories { get; init; }
}

public sealed record DeleteMemory(Guid Id, string OldMemory) : MemoryChange(Id);
