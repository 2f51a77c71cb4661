using MemoryCore.Model;

namespace MemoryCore.Storage;

/// <summary>
/// A person's data across every agent and run scope, for export and erasure (the right of access and the right to be
/// forgotten). Implemented by both stores; the memories, turns and graph themselves are read through the usual stores.
/// </summary>
public interface IPersonDataStore
{
    /// <summary>The history rows of the user's memories in <paramref name="tenant"/> (deleted ones too), oldest first, after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<HistoryEntry>> ListUserHistoryAsync(string tenant, string userId, HistoryEntry? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction, in <paramref name="tenant"/> only: deletes the user's memories (each with a DELETE history row without text), raw turns and
    /// graph rows, sets the text of all their history rows to NULL, and writes an <c>erasure_audit</c> row (counts, time,
    /// <see cref="ChangeActorContext.Current"/>; the user id only as its SHA-256). Returns what it did.
    /// </summary>
    Task<PersonErasure> EraseUserAsync(string tenant, string userId, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>What erasing a person removed. <see cref="AuditId"/> is the erasure_audit row.</summary>
public sealed record PersonErasure(
    Guid AuditId, string UserId, DateTimeOffset ErasedAt, int Memories, int HistoryRowsRedacted, int Turns, int GraphNodes, int GraphEdges, int Events)
{
    /// <summary>The id the audit row keeps: SHA-256 of the UTF-8 user id, lower-case hex.</summary>
    public static string HashUserId(string userId) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(userId)));
}
