using MemoryCore.Filtering;
using MemoryCore.Model;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace MemoryCore.Storage.Sqlite;

/// <summary>
/// The embedded default: memories, vectors and history in one SQLite file. Vector search is an exact
/// cosine scan of the scope in process, so it is always exact; it suits one process and scopes of
/// thousands of memories, not a shared multi-instance deployment (use PostgreSQL for that).
/// </summary>
internal sealed partial class SqliteMemoryStore : IMemoryStore, IConversationTurnStore
{
    private readonly string _connectionString;
    private readonly EmbeddingIdentity _embedding;
    private readonly TimeProvider _clock;
    private readonly ILogger<SqliteMemoryStore> _logger;
    private readonly KeyedAsyncLock _scopeLocks = new();

    public SqliteMemoryStore(string databasePath, EmbeddingIdentity embedding, TimeProvider clock, ILogger<SqliteMemoryStore> logger)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = SqliteConnections.ConnectionString(DatabasePath);
        _embedding = embedding;
        _clock = clock;
        _logger = logger;
    }

    public string DatabasePath { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, EmbeddedSql.Load("MemoryCore.Sqlite.schema.sql"), cancellationToken, transaction).ConfigureAwait(false);
        await SqliteColumns.EnsureAsync(connection, transaction, "memory_history", "actor_key_id TEXT", cancellationToken).ConfigureAwait(false);
        await SqliteColumns.EnsureAsync(connection, transaction, "memory_history", "trace_id TEXT", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, EmbeddedSql.Load("MemoryCore.Sqlite.privacy.sql"), cancellationToken, transaction).ConfigureAwait(false);
        await ApplyKeySchemaAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, EmbeddedSql.Load("MemoryCore.Sqlite.turns.sql"), cancellationToken, transaction).ConfigureAwait(false);
        await ExecuteAsync(connection, EmbeddedSql.Load("MemoryCore.Sqlite.fulltext.sql"), cancellationToken, transaction).ConfigureAwait(false);
        await ApplyGraphSchemaAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, EmbeddedSql.Load("MemoryCore.Sqlite.jobs.sql"), cancellationToken, transaction).ConfigureAwait(false);
        await ExecuteAsync(connection, EmbeddedSql.Load("MemoryCore.Sqlite.events.sql"), cancellationToken, transaction).ConfigureAwait(false);
        // The person a stored Idempotency-Key answer concerns, so that erasing them deletes it (see events.sql).
        await SqliteColumns.EnsureAsync(connection, transaction, "idempotency_keys", "user_id TEXT", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            connection, "CREATE INDEX IF NOT EXISTS idempotency_keys_user ON idempotency_keys (user_id) WHERE user_id IS NOT NULL;", cancellationToken, transaction).ConfigureAwait(false);
        foreach (var table in TenantTables)
        {
            await SqliteColumns.EnsureAsync(connection, transaction, table, "tenant_id TEXT NOT NULL DEFAULT 'default'", cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, EmbeddedSql.Load("MemoryCore.Sqlite.tenants.sql"), cancellationToken, transaction).ConfigureAwait(false);
        foreach (var table in AppTables)
        {
            await SqliteColumns.EnsureAsync(connection, transaction, table, "app_id TEXT", cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, EmbeddedSql.Load("MemoryCore.Sqlite.appid.sql"), cancellationToken, transaction).ConfigureAwait(false);
        // Categories (issue 17): every memory's tags, a JSON array of names; older rows have none until re-tagged.
        await SqliteColumns.EnsureAsync(connection, transaction, "memories", "categories TEXT NOT NULL DEFAULT '[]'", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, EmbeddedSql.Load("MemoryCore.Sqlite.categories.sql"), cancellationToken, transaction).ConfigureAwait(false);
        await StoreInfo.CheckOrRecordAsync(
            key => ReadInfoAsync(connection, transaction, key, cancellationToken),
            (key, value) => WriteInfoAsync(connection, transaction, key, value, cancellationToken),
            _embedding, DatabasePath, _logger).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("SQLite memory store ready at {Path} ({Dimensions} dimensions)", DatabasePath, _embedding.Dimensions);
    }

    /// <summary>
    /// Tenants (issue 10): every table holding a person's data names the tenant its rows belong to. A database created
    /// before tenants existed gets the column at start-up, and its rows are the default tenant's (SQLite stores a
    /// constant default in the schema: no row is rewritten); Sql/tenants.sql then indexes it. The graph tables get theirs
    /// with the graph's schema (SqliteMemoryStore.Graph.cs).
    /// </summary>
    /// <summary>Mem0's app_id (issue 17): every table that holds a scope names its app, NULL for rows stored before it
    /// existed (no row is rewritten); Sql/appid.sql then indexes it. The graph tables get theirs with the graph's schema.</summary>
    private static readonly string[] AppTables = ["memories", "memory_history", "conversation_turns", "memory_events"];

    private static readonly string[] TenantTables = ["memories", "memory_history", "conversation_turns", "memory_events", "erasure_audit", "idempotency_keys"];

    public async Task<IScopeWriter> OpenWriterAsync(MemoryScope scope, CancellationToken cancellationToken)
    {
        // The person's lock first (exclusive here: KeyedAsyncLock has no shared mode, so one person's scopes are written
        // one at a time), then the scope's; erasing the person takes the person's lock (see MemoryScope.PersonLockKey).
        var person = scope.PersonLockKey is { } personKey ? await _scopeLocks.AcquireAsync(personKey, cancellationToken).ConfigureAwait(false) : null;
        IDisposable? held = null;
        try
        {
            held = await _scopeLocks.AcquireAsync(scope.LockKey, cancellationToken).ConfigureAwait(false);
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return new SqliteScopeWriter(scope, connection, new HeldLocks(held, person), _embedding.Dimensions, _clock);
        }
        catch
        {
            held?.Dispose();
            person?.Dispose();
            throw;
        }
    }

    public async Task<IReadOnlyList<IReadOnlyList<ScoredMemory>>> FindSimilarManyAsync(
        MemoryScope exactScope, IReadOnlyList<ReadOnlyMemory<float>> vectors, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindSimilarManyAsync(connection, exactScope, vectors, limit, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<IReadOnlyList<IReadOnlyList<ScoredMemory>>> FindSimilarManyAsync(
        SqliteConnection connection, MemoryScope exactScope, IReadOnlyList<ReadOnlyMemory<float>> vectors, int limit, CancellationToken cancellationToken)
    {
        if (vectors.Count == 0)
        {
            return [];
        }

        await using var command = connection.CreateCommand();
        var where = SqliteSql.ExactScope(exactScope, command);
        return await SqliteVectorScan.TopManyAsync(connection, command, where, vectors, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<MemoryRecord?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await GetAsync(connection, id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<EntitySummary>> ListEntitiesAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT 'user', user_id, COUNT(*), MIN(created_at), MAX(updated_at) FROM memories WHERE tenant_id = @tenant AND user_id IS NOT NULL GROUP BY user_id
            UNION ALL SELECT 'agent', agent_id, COUNT(*), MIN(created_at), MAX(updated_at) FROM memories WHERE tenant_id = @tenant AND agent_id IS NOT NULL GROUP BY agent_id
            UNION ALL SELECT 'run', run_id, COUNT(*), MIN(created_at), MAX(updated_at) FROM memories WHERE tenant_id = @tenant AND run_id IS NOT NULL GROUP BY run_id
            UNION ALL SELECT 'app', app_id, COUNT(*), MIN(created_at), MAX(updated_at) FROM memories WHERE tenant_id = @tenant AND app_id IS NOT NULL GROUP BY app_id
            ORDER BY 1, 2
            """;
        command.Parameters.AddWithValue("@tenant", tenant);
        var entities = new List<EntitySummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entities.Add(new EntitySummary(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                Timestamps.FromUnixMicroseconds(reader.GetInt64(3)),
                Timestamps.FromUnixMicroseconds(reader.GetInt64(4))));
        }

        return entities;
    }

    public async Task<MemoryPage> ListAsync(MemoryScope scope, MetadataFilter? filter, int limit, PageCursor? after, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = SqliteSql.MatchScope(scope, command);
        if (after is not null)
        {
            where += " AND (created_at > @after_at OR (created_at = @after_at AND id > @after_id))";
            command.Parameters.AddWithValue("@after_at", Timestamps.ToUnixMicroseconds(after.CreatedAt));
            command.Parameters.AddWithValue("@after_id", after.Id.ToString());
        }

        command.CommandText = $"SELECT {SqliteSql.Columns} FROM memories WHERE {where} ORDER BY created_at, id";
        var items = new List<MemoryRecord>(Math.Min(limit + 1, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (items.Count <= limit && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var record = SqliteSql.ReadRecord(reader);
            if (MetadataFilterEvaluator.Matches(filter, record))
            {
                items.Add(record);
            }
        }

        return Paging.Page(items, limit);
    }

    public async Task<IReadOnlyList<ScoredMemory>> SearchAsync(MemoryScope scope, ReadOnlyMemory<float> query, MetadataFilter? filter, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = SqliteSql.MatchScope(scope, command);
        return await SqliteVectorScan.TopAsync(connection, command, where, query, filter, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteSql.HistoryColumns} FROM memory_history WHERE memory_id = @id ORDER BY created_at, id";
        command.Parameters.AddWithValue("@id", id.ToString());
        var entries = new List<HistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(SqliteSql.ReadHistory(reader));
        }

        return entries;
    }

    public async Task<IReadOnlyList<MemoryRecord>> DeleteScopeAsync(MemoryScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var deleted = new List<MemoryRecord>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = $"SELECT {SqliteSql.Columns} FROM memories WHERE {SqliteSql.MatchScope(scope, select)} ORDER BY created_at, id";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                deleted.Add(SqliteSql.ReadRecord(reader));
            }
        }

        // The scope's graph goes first: the per-memory deletes below then find no relation support to withdraw.
        await DeleteScopeGraphAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false);
        var now = Timestamps.Now(_clock);
        foreach (var record in deleted)
        {
            await SqliteChangeWriter.ApplyAsync(connection, transaction, record.Scope, [new DeleteMemory(record.Id, record.Memory)], now, cancellationToken).ConfigureAwait(false);
        }

        await DeleteScopeTurnsAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false);
        await CancelScopeEventsAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // The jobs table is left alone: its fencing tokens must only grow, and a running pass keeps its lease.
        await ExecuteAsync(connection, "DELETE FROM memories; DELETE FROM memory_history; DELETE FROM conversation_turns; " + GraphResetSql + EventsResetSql, cancellationToken, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "SELECT 1 FROM memories LIMIT 1;", cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<MemoryRecord?> GetAsync(SqliteConnection connection, Guid id, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteSql.Columns} FROM memories WHERE id = @id";
        command.Parameters.AddWithValue("@id", id.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? SqliteSql.ReadRecord(reader) : null;
    }

    // synchronous = NORMAL: with WAL, a commit survives a process crash; only a power loss may lose the last ones.
    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        SqliteConnections.OpenAsync(_connectionString, SqliteConnections.Defaults + " PRAGMA synchronous = NORMAL;", cancellationToken);

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string?> ReadInfoAsync(SqliteConnection connection, SqliteTransaction transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM store_info WHERE key = @key";
        command.Parameters.AddWithValue("@key", key);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private static async Task WriteInfoAsync(SqliteConnection connection, SqliteTransaction transaction, string key, string value, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO store_info (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("@key", key);
        command.Parameters.AddWithValue("@value", value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
