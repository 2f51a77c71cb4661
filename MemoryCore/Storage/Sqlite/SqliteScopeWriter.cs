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

    public Task<IReadOnlyList<IReadOnlyList<ScoredMemory>>> FindSimilarManyAsync(IReadOnlyList<ReadOnlyMemory<float>> vectors, int limit, CancellationToken cancellationToken) =>
        SqliteMemoryStore.FindSimilarManyAsync(connection, Scope, vectors, limit, cancellationToken);

    public async Task<IReadOnlySet<string>> ExistingHashesAsync(IReadOnlyCollection<string> hashes, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (hashes.Count == 0)
        {
            return found;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT DISTINCT hash FROM memories WHERE {SqliteSql.ExactScope(Scope, command)} AND hash IN (SELECT value FROM json_each(@hashes))";
        command.Parameters.AddWithValue("@hashes", System.Text.Json.JsonSerializer.Serialize(hashes));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(reader.GetString(0));
        }

        return found;
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

    /// <summary>The in-process scope lock is held from open to dispose: nothing to take again.</summary>
    public Task HoldLockAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task CommitAsync(IReadOnlyList<MemoryChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        ChangeGuard.CheckVectors(changes, dimensions);
        ChangeGuard.CheckScope(changes, Scope);
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
