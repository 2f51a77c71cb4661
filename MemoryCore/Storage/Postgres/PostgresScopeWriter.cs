using MemoryCore.Model;
using Npgsql;
using NpgsqlTypes;

namespace MemoryCore.Storage.Postgres;

/// <summary>
/// Holds a session-level advisory lock on one exact scope for the life of a connection. The lock lives
/// in PostgreSQL, so writers in different processes or machines are serialised too; if the process dies
/// the connection closes and PostgreSQL releases the lock.
/// </summary>
internal sealed class PostgresScopeWriter : IScopeWriter
{
    private readonly NpgsqlConnection _connection;
    private readonly long _lockKey;
    private readonly PostgresSql _sql;
    private readonly PostgresVectorSearch _search;
    private readonly PostgresChangeWriter _changes;
    private readonly TimeProvider _clock;

    private PostgresScopeWriter(MemoryScope scope, NpgsqlConnection connection, long lockKey, PostgresSql sql, PostgresVectorSearch search, PostgresChangeWriter changes, TimeProvider clock)
    {
        Scope = scope;
        _connection = connection;
        _lockKey = lockKey;
        _sql = sql;
        _search = search;
        _changes = changes;
        _clock = clock;
    }

    public MemoryScope Scope { get; }

    public static async Task<PostgresScopeWriter> OpenAsync(
        NpgsqlDataSource dataSource, MemoryScope scope, PostgresSql sql, PostgresVectorSearch search, PostgresChangeWriter changes, TimeProvider clock, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var key = PostgresSchema.LockKey(sql.Schema + "|" + scope.LockKey);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new PostgresScopeWriter(scope, connection, key, sql, search, changes, clock);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task<IReadOnlyList<ScoredMemory>> FindSimilarAsync(ReadOnlyMemory<float> vector, int limit, CancellationToken cancellationToken) =>
        _search.SearchAsync(_connection, Scope, exactScope: true, vector, filter: null, limit, cancellationToken);

    public Task<IReadOnlyList<IReadOnlyList<ScoredMemory>>> FindSimilarManyAsync(IReadOnlyList<ReadOnlyMemory<float>> vectors, int limit, CancellationToken cancellationToken) =>
        _search.SearchManyAsync(_connection, Scope, exactScope: true, vectors, limit, cancellationToken);

    public async Task<IReadOnlySet<string>> ExistingHashesAsync(IReadOnlyCollection<string> hashes, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (hashes.Count == 0)
        {
            return found;
        }

        await using var command = new NpgsqlCommand { Connection = _connection };
        command.CommandText = $"SELECT DISTINCT m.hash FROM {_sql.Memories} m WHERE {PostgresSql.ExactScope(Scope, command)} AND m.hash = ANY(@hashes)";
        command.Parameters.Add(new NpgsqlParameter("hashes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = hashes.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    public async Task<MemoryRecord?> FindByHashAsync(string hash, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand { Connection = _connection };
        command.CommandText = $"SELECT {PostgresSql.Columns} FROM {_sql.Memories} m WHERE {PostgresSql.ExactScope(Scope, command)} AND m.hash = @hash ORDER BY m.created_at, m.id LIMIT 1";
        command.Parameters.Add(new NpgsqlParameter("hash", NpgsqlDbType.Text) { Value = hash });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? PostgresSql.ReadRecord(reader) : null;
    }

    public Task<MemoryRecord?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        PostgresMemoryStore.GetAsync(_connection, _sql, id, cancellationToken);

    public Task CommitAsync(IReadOnlyList<MemoryChange> changes, CancellationToken cancellationToken) =>
        changes.Count == 0 ? Task.CompletedTask : _changes.ApplyAsync(_connection, Scope, changes, Timestamps.Now(_clock), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_connection.State == System.Data.ConnectionState.Open)
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
                command.Parameters.AddWithValue("key", _lockKey);
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            // Returning the connection to the pool also runs DISCARD ALL, which drops any advisory lock left behind.
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
