using System.Text.Json;

namespace MemoryCore.Model;

/// <summary>One stored memory; <paramref name="Tenant"/> is the account it belongs to (see <see cref="MemoryScope.Tenant"/>),
/// <paramref name="AppId"/> Mem0's app_id (see <see cref="MemoryScope.AppId"/>).</summary>
public sealed record MemoryRecord(
    Guid Id,
    string Memory,
    string Hash,
    IReadOnlyDictionary<string, JsonElement> Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? UserId,
    string? AgentId,
    string? RunId,
    string Tenant = MemoryScope.DefaultTenant,
    string? AppId = null)
{
    public MemoryScope Scope => MemoryScope.Create(UserId, AgentId, RunId, Tenant, AppId);

    /// <summary>The categories the memory is tagged with (names from its add's category set), best first; possibly none.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
}

/// <summary>A memory with its score for a query, higher is better: in vector search the cosine similarity
/// clamped to [0, 1]; in fused searches (full-text, hybrid, graph) the fused score in [0, 1]. With explain,
/// <paramref name="Explain"/> holds each signal's own score and rank for it.</summary>
public sealed record ScoredMemory(MemoryRecord Memory, double Score, IReadOnlyDictionary<string, Retrieval.SignalScore>? Explain = null);

/// <summary>What happened to a memory.</summary>
public enum MemoryEvent
{
    Add,
    Update,
    Delete,
    None,
}

/// <summary>One row of a memory's audit trail. <paramref name="ActorKeyId"/> and <paramref name="TraceId"/> say who made
/// the change (see <see cref="ChangeActor"/>); null on rows written before they were recorded or by nobody authenticated.
/// After a person's erasure both texts are null: the row stays, its words do not. <paramref name="Scope"/> is the scope
/// (tenant included) the row was written in, so a read by memory id can be checked against the caller's access even
/// after the memory is deleted; null only for rows that name no user, agent or run.</summary>
public sealed record HistoryEntry(
    Guid Id,
    Guid MemoryId,
    string? OldMemory,
    string? NewMemory,
    MemoryEvent Event,
    DateTimeOffset CreatedAt,
    string? ActorKeyId = null,
    string? TraceId = null,
    MemoryScope? Scope = null);

/// <summary>A page of memories in creation order, with the cursor of the next page.</summary>
public sealed record MemoryPage(IReadOnlyList<MemoryRecord> Items, PageCursor? Next);

/// <summary>Keyset position: the last item of the previous page.</summary>
public sealed record PageCursor(DateTimeOffset CreatedAt, Guid Id)
{
    public string Encode() =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{CreatedAt.UtcTicks}:{Id:N}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static PageCursor Decode(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var parts = text.Split(':');
            return new PageCursor(
                new DateTimeOffset(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero),
                Guid.ParseExact(parts[1], "N"));
        }
        catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, "cursor is malformed.");
        }
    }
}

/// <summary>One id of one kind ("user", "agent", "run" or "app") and the memories it owns.</summary>
public sealed record EntitySummary(string Type, string Name, int TotalMemories, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
