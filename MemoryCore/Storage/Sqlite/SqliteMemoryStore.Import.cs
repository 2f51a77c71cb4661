using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

internal sealed partial class SqliteMemoryStore
{
    /// <summary>One IMMEDIATE transaction per batch with three prepared statements reused for every row: SQLite's cost is
    /// the commit (an fsync), not the row, so thousands of rows a transaction is what makes it fast. The in-process scope
    /// locks of every scope in the batch are held meanwhile (sorted, so two imports cannot deadlock), as a writer would.</summary>
    public async Task<IReadOnlySet<Guid>> ImportAsync(IReadOnlyList<InsertMemory> memories, CancellationToken cancellationToken)
    {
        var inserted = new HashSet<Guid>();
        if (memories.Count == 0)
        {
            return inserted;
        }

        ChangeGuard.CheckVectors(memories, _embedding.Dimensions);
        var held = new List<IDisposable>();
        try
        {
            // People before scopes, each sorted: the order a writer takes its two in (see OpenWriterAsync).
            var people = memories.Select(m => m.Memory.Scope.PersonLockKey).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            var scopes = memories.Select(m => m.Memory.Scope.LockKey).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            foreach (var key in people.Concat(scopes))
            {
                held.Add(await _scopeLocks.AcquireAsync(key, cancellationToken).ConfigureAwait(false));
            }

            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = connection.BeginTransaction(deferred: false); // IMMEDIATE: the write lock from the start
            await using var statements = new SqliteImportStatements(connection, transaction);
            foreach (var item in memories)
            {
                if (await statements.InsertIfNewAsync(item, cancellationToken).ConfigureAwait(false))
                {
                    inserted.Add(item.MemoryId);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return inserted;
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }
    }

    public async Task<IReadOnlySet<int>> FindStoredAsync(IReadOnlyList<MemoryRecord> memories, CancellationToken cancellationToken)
    {
        var stored = new HashSet<int>();
        if (memories.Count == 0)
        {
            return stored;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true); // one read snapshot for the batch
        await using var statements = new SqliteImportStatements(connection, transaction);
        for (var i = 0; i < memories.Count; i++)
        {
            if (await statements.IsStoredAsync(memories[i], cancellationToken).ConfigureAwait(false))
            {
                stored.Add(i);
            }
        }

        return stored;
    }

    /// <summary>SQLite searches by exact scans: there is no approximate index to suspend.</summary>
    public Task<IAsyncDisposable> SuspendVectorIndexAsync(CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable>(NoVectorIndex.Instance);
}
