using MemoryCore.Model;
using Npgsql;
using NpgsqlTypes;

namespace MemoryCore.Storage.Postgres;

/// <summary>
/// Holds a transaction-level advisory lock on one exact scope from the writer's first statement to its commit. The lock
/// lives in PostgreSQL, so writers in different processes or machines are serialised too; if the process dies the
/// connection closes and PostgreSQL rolls the transaction back and releases the lock.
/// </summary>
/// <remarks>
/// Round trips are the cost of a small add here, so the lock costs none of its own: BEGIN goes out with the first
/// statement (Npgsql sends it lazily), the lock is taken in the same batch as the first read, and COMMIT releases it, so
/// there is no unlock either. A writer that only read is rolled back when disposed, which releases the lock the same way.
/// After a commit the next statement, if any, takes the lock again in a new transaction.
/// </remarks>
internal sealed class PostgresScopeWriter : IScopeWriter
{
    private readonly NpgsqlConnection _connection;
    private readonly long _lockKey;
    private readonly long? _personLockKey;
    private readonly PostgresSql _sql;
    private readonly PostgresVectorSearch _search;
    private readonly PostgresChangeWriter _changes;
    private readonly TimeProvider _clock;

    /// <summary>The open transaction that holds the scope's lock, or null before the first statement and after a commit.</summary>
    private NpgsqlTransaction? _locked;

    private PostgresScopeWriter(MemoryScope scope, NpgsqlConnection connection, PostgresSql sql, PostgresVectorSearch search, PostgresChangeWriter changes, TimeProvider clock)
    {
        Scope = scope;
        _connection = connection;
        _lockKey = sql.AdvisoryKey(scope.LockKey);
        _personLockKey = scope.PersonLockKey is { } person ? sql.AdvisoryKey(person) : null;
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
        return new PostgresScopeWriter(scope, connection, sql, search, changes, clock);
    }

    public async Task<IReadOnlyList<ScoredMemory>> FindSimilarAsync(ReadOnlyMemory<float> vector, int limit, CancellationToken cancellationToken)
    {
        await LockAsync(cancellationToken).ConfigureAwait(false);
        return await _search.SearchAsync(_connection, Scope, exactScope: true, vector, filter: null, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<IReadOnlyList<ScoredMemory>>> FindSimilarManyAsync(IReadOnlyList<ReadOnlyMemory<float>> vectors, int limit, CancellationToken cancellationToken)
    {
        await LockAsync(cancellationToken).ConfigureAwait(false);
        return await _search.SearchManyAsync(_connection, Scope, exactScope: true, vectors, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlySet<string>> ExistingHashesAsync(IReadOnlyCollection<string> hashes, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (hashes.Count == 0)
        {
            await LockAsync(cancellationToken).ConfigureAwait(false);
            return found;
        }

        var query = new NpgsqlBatchCommand();
        query.CommandText = $"SELECT DISTINCT m.hash FROM {_sql.Memories} m WHERE {PostgresScopeClauses.Exact(Scope, query.Parameters, "m")} AND m.hash = ANY(@hashes)";
        query.Parameters.Add(new NpgsqlParameter("hashes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = hashes.ToArray() });
        await using var reader = await ReadLockedAsync(query, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    public async Task<MemoryRecord?> FindByHashAsync(string hash, CancellationToken cancellationToken)
    {
        var query = new NpgsqlBatchCommand();
        query.CommandText = $"SELECT {PostgresSql.Columns} FROM {_sql.Memories} m WHERE {PostgresScopeClauses.Exact(Scope, query.Parameters, "m")} AND m.hash = @hash ORDER BY m.created_at, m.id LIMIT 1";
        query.Parameters.Add(new NpgsqlParameter("hash", NpgsqlDbType.Text) { Value = hash });
        await using var reader = await ReadLockedAsync(query, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? PostgresSql.ReadRecord(reader) : null;
    }

    public async Task<MemoryRecord?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await LockAsync(cancellationToken).ConfigureAwait(false);
        return await PostgresMemoryStore.GetAsync(_connection, _sql, id, cancellationToken).ConfigureAwait(false);
    }

    public async Task CommitAsync(IReadOnlyList<MemoryChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var transaction = await LockAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _changes.ApplyAsync(_connection, transaction, Scope, changes, Timestamps.Now(_clock), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Committed, rolled back or failed half-way: either way the lock is gone with the transaction (disposing an
            // unfinished one rolls it back).
            _locked = null;
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    public Task HoldLockAsync(CancellationToken cancellationToken) => LockAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_locked is { } transaction && _connection.State == System.Data.ConnectionState.Open)
            {
                _locked = null;
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The transaction holding the lock; begins it and takes the lock (one round trip) when not held yet.</summary>
    private async Task<NpgsqlTransaction> LockAsync(CancellationToken cancellationToken)
    {
        if (_locked is { } held)
        {
            return held;
        }

        var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand($"{PostgresSql.GenericPlans}; {LockSql}", _connection, transaction);
            AddLockKeys(command.Parameters);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return _locked = transaction;
    }

    /// <summary>The person's lock shared (erasing the person takes it exclusive, see <see cref="MemoryScope.PersonLockKey"/>),
    /// then the scope's lock, in one statement. Sent with it, before it: generic plans for the whole write transaction
    /// (<see cref="PostgresSql.GenericPlans"/>: its statements reach rows by id or through the scope index).</summary>
    private string LockSql => _personLockKey is null
        ? "SELECT pg_advisory_xact_lock(@key)"
        : "SELECT pg_advisory_xact_lock_shared(@person), pg_advisory_xact_lock(@key)";

    private void AddLockKeys(NpgsqlParameterCollection parameters)
    {
        parameters.AddWithValue("key", _lockKey);
        if (_personLockKey is { } person)
        {
            parameters.AddWithValue("person", person);
        }
    }

    /// <summary>Runs <paramref name="query"/> under the lock; when the lock is not held yet, the lock and the query go out in
    /// one batch (BEGIN, lock, query: one round trip), and the reader is positioned on the query's rows.</summary>
    private async Task<NpgsqlDataReader> ReadLockedAsync(NpgsqlBatchCommand query, CancellationToken cancellationToken)
    {
        if (_locked is not null)
        {
            await using var single = new NpgsqlBatch(_connection, _locked) { BatchCommands = { query } };
            return await single.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        }

        var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var lockCommand = new NpgsqlBatchCommand(LockSql);
        AddLockKeys(lockCommand.Parameters);
        var batch = new NpgsqlBatch(_connection, transaction) { BatchCommands = { new NpgsqlBatchCommand(PostgresSql.GenericPlans), lockCommand, query } };
        try
        {
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            _locked = transaction;
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            return reader;
        }
        catch
        {
            _locked = null;
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
