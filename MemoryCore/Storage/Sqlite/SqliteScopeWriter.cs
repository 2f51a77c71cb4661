using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>Holds the in-process lock of one exact scope and a connection; commits use BEGIN IMMEDIATE.</summary>
internal sealed class SqliteScopeWriter(MemoryScope scope, SqliteConnection connection, IDisposable scopeLock, int dimensions, TimeProvider clock) : IScopeWriter
{
    public MemoryScope Scope { get; } = scope;

    public async Task<IReadOnlyList<ScoredMemory>> FindSimilarAsync(ReadOnlyMemory<float> vector, int limit, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var where = SqliteSql.ExactScope(Scope, command);
        return await SqliteVectorScan.TopAsync(connection, command, where, vector, filter: null, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<MemoryRecord?> FindByHashAsync(string hash, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteSql.Columns} FROM memories WHERE {SqliteSql.ExactScope(Scope, command)} AND hash = @hash ORDER BY created_at, id LIMIT 1";
        command.Parameters.AddWithValue("@hash", hash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? SqliteSql.ReadRecord(reader) : null;
    }

    public Task<MemoryRecord?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        SqliteMemoryStore.GetAsync(connection, id, cancellationToken);

    public async Task CommitAsync(IReadOnlyList<MemoryChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        ChangeGuard.CheckVectors(changes, dimensions);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await SqliteChangeWriter.ApplyAsync(connection, transaction, Scope, changes, Timestamps.Now(clock), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            scopeLock.Dispose();
        }
    }
}
