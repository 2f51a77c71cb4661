using MemoryCore.Filtering;
using MemoryCore.Model;

namespace MemoryCore.Storage;

/// <summary>
/// Durable storage of memories, their embeddings and their history. Implementations:
/// PostgreSQL + pgvector (production) and embedded SQLite (default). Both pass the same conformance suite.
/// </summary>
public interface IMemoryStore
{
    /// <summary>Creates or checks the schema. Throws <see cref="StoreConfigurationException"/> when the store
    /// was created with other embedding dimensions.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>A writer of one exact scope: writes to that scope are serialised. The writer holds the scope's lock from its
    /// first statement (a store may take it at open) until it commits or is disposed.</summary>
    Task<IScopeWriter> OpenWriterAsync(MemoryScope scope, CancellationToken cancellationToken);

    Task<MemoryRecord?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Memories matching the scope (missing ids mean "any") and filter, oldest first.</summary>
    Task<MemoryPage> ListAsync(MemoryScope scope, MetadataFilter? filter, int limit, PageCursor? after, CancellationToken cancellationToken);

    /// <summary>The <paramref name="limit"/> memories closest to <paramref name="query"/>, best first. Exact for small scopes.</summary>
    Task<IReadOnlyList<ScoredMemory>> SearchAsync(MemoryScope scope, ReadOnlyMemory<float> query, MetadataFilter? filter, int limit, CancellationToken cancellationToken);

    /// <summary>Full-text search: the <paramref name="limit"/> memories matching any of <paramref name="terms"/>
    /// (see <see cref="Retrieval.FullTextQuery"/>), best BM25 score first; scoped and filtered like
    /// <see cref="SearchAsync"/>. The score is BM25, higher is better, unbounded. No terms: no results.</summary>
    Task<IReadOnlyList<ScoredMemory>> SearchTextAsync(MemoryScope scope, IReadOnlyList<string> terms, MetadataFilter? filter, int limit, CancellationToken cancellationToken);

    /// <summary>For each vector, the closest memories of exactly this scope (no wider), best first, exact: what a writer's
    /// <see cref="IScopeWriter.FindSimilarManyAsync"/> reads, without its lock. The add path reconciles against this
    /// view without holding the lock, then re-reads it under the lock to check nothing changed.</summary>
    Task<IReadOnlyList<IReadOnlyList<ScoredMemory>>> FindSimilarManyAsync(MemoryScope exactScope, IReadOnlyList<ReadOnlyMemory<float>> vectors, int limit, CancellationToken cancellationToken);

    /// <summary>The memories with these ids that still exist, in one round trip, in no particular order.</summary>
    Task<IReadOnlyList<MemoryRecord>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    /// <summary>The audit trail of a memory, oldest first; kept after the memory is deleted. Each row carries the scope
    /// (tenant included) it was written in, which the engine checks against the caller's access.</summary>
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Deletes every memory the scope matches (missing ids mean "any"), with a DELETE history row each, in one transaction.</summary>
    Task<IReadOnlyList<MemoryRecord>> DeleteScopeAsync(MemoryScope scope, CancellationToken cancellationToken);

    /// <summary>Every user, agent and run id that owns at least one memory in <paramref name="tenant"/>, with its count: Mem0's entity listing.
    /// Ordered by type (agent, run, user) then name.</summary>
    Task<IReadOnlyList<EntitySummary>> ListEntitiesAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>Bulk import, one transaction per call: inserts each memory with its ADD history row unless its exact scope
    /// already holds a memory with the same hash (or an earlier item of this batch does). Serialised with the scope
    /// writers of every scope it touches. Returns the ids actually inserted; the others were duplicates.</summary>
    Task<IReadOnlySet<Guid>> ImportAsync(IReadOnlyList<InsertMemory> memories, CancellationToken cancellationToken);

    /// <summary>Bulk import's cheap first look: the positions in <paramref name="memories"/> of those already stored (the
    /// same id, or the same hash in the same exact scope), so a re-run does not embed them again. Advisory: ImportAsync
    /// checks again in its transaction.</summary>
    Task<IReadOnlySet<int>> FindStoredAsync(IReadOnlyList<MemoryRecord> memories, CancellationToken cancellationToken);

    /// <summary>For a bulk load: drops the approximate vector index (if the store has one) so rows load without
    /// maintaining it, and builds it again when the result is disposed. Searches stay correct meanwhile (exact scans).
    /// A crash in between leaves no harm: start-up creates the index again.</summary>
    Task<IAsyncDisposable> SuspendVectorIndexAsync(CancellationToken cancellationToken);

    /// <summary>Erases every memory and all history.</summary>
    Task ResetAsync(CancellationToken cancellationToken);

    /// <summary>Throws when the store cannot serve requests.</summary>
    Task CheckHealthAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Holds the write lock of one exact scope. Reads through it see the scope as the last commit left it,
/// and no other writer of the same scope can commit in between.
/// </summary>
public interface IScopeWriter : IAsyncDisposable
{
    MemoryScope Scope { get; }

    /// <summary>The closest memories of exactly this scope (no wider), best first, exact.</summary>
    Task<IReadOnlyList<ScoredMemory>> FindSimilarAsync(ReadOnlyMemory<float> vector, int limit, CancellationToken cancellationToken);

    /// <summary>For each vector, what <see cref="FindSimilarAsync"/> returns, in one round trip for scopes searched exactly.</summary>
    Task<IReadOnlyList<IReadOnlyList<ScoredMemory>>> FindSimilarManyAsync(IReadOnlyList<ReadOnlyMemory<float>> vectors, int limit, CancellationToken cancellationToken);

    Task<MemoryRecord?> FindByHashAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Which of these content hashes the scope already holds, in one round trip.</summary>
    Task<IReadOnlySet<string>> ExistingHashesAsync(IReadOnlyCollection<string> hashes, CancellationToken cancellationToken);

    Task<MemoryRecord?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Applies every change and its history row in one transaction; all or nothing.
    /// Throws <see cref="MemoryConflictException"/> when a memory to update or delete is gone.</summary>
    Task CommitAsync(IReadOnlyList<MemoryChange> changes, CancellationToken cancellationToken);

    /// <summary>Holds the scope's lock (again, after a commit) until the next commit or dispose, for work after a commit
    /// that must not interleave with another writer's (the graph projection's snapshot and sync).</summary>
    Task HoldLockAsync(CancellationToken cancellationToken);
}
