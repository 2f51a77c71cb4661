using MemoryCore.Filtering;
using MemoryCore.Model;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace MemoryCore.Storage.Postgres;

/// <summary>
/// The production store: PostgreSQL with pgvector. Memories, vectors and history share one database and
/// one transaction per write; per-scope writes are serialised with advisory locks so several API
/// instances can share the database.
/// </summary>
internal sealed partial class PostgresMemoryStore : IMemoryStore, IConversationTurnStore, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSql _sql;
    private readonly StoreOptions _options;
    private readonly EmbeddingIdentity _embedding;
    private readonly TimeProvider _clock;
    private readonly ILogger<PostgresMemoryStore> _logger;
    private readonly PostgresChangeWriter _changes;
    private PostgresVectorSearch? _search;

    public PostgresMemoryStore(string connectionString, StoreOptions options, EmbeddingIdentity embedding, TimeProvider clock, ILogger<PostgresMemoryStore> logger)
    {
        _connectionString = connectionString;
        _sql = new PostgresSql(options.PostgresSchema);
        _options = options;
        _embedding = embedding;
        _clock = clock;
        _logger = logger;
        _changes = new PostgresChangeWriter(_sql, embedding.Dimensions);
        _fullText = new PostgresFullTextSearch(_sql, new ExpiringMemo<MemoryScope, CorpusStatistics>(clock, PostgresFullTextSearch.CorpusLifetime));
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        PostgresSessionDefaults.Apply(builder.ConnectionStringBuilder, connectionString);
        builder.UseVector();
        _dataSource = builder.Build();
    }

    private PostgresVectorSearch Search => _search ?? throw new InvalidOperationException("The PostgreSQL store was used before InitializeAsync.");

    /// <summary>The vector search's statements (for the floor benchmark).</summary>
    internal PostgresVectorSearch VectorSearch => Search;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var version = await PostgresSchema.ApplyAsync(_connectionString, _sql, _embedding, _logger, cancellationToken).ConfigureAwait(false);
        await _dataSource.ReloadTypesAsync(cancellationToken).ConfigureAwait(false);
        _search = new PostgresVectorSearch(_sql, _options, version, _clock);
        _logger.LogInformation("PostgreSQL memory store ready in schema {Schema} (pgvector {Version}, {Dimensions} dimensions)", _sql.Schema, version, _embedding.Dimensions);
    }

    public async Task<IScopeWriter> OpenWriterAsync(MemoryScope scope, CancellationToken cancellationToken) =>
        await PostgresScopeWriter.OpenAsync(_dataSource, scope, _sql, Search, _changes, _clock, cancellationToken).ConfigureAwait(false);

    public async Task<MemoryRecord?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await GetAsync(connection, _sql, id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<EntitySummary>> ListEntitiesAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection };
        // COLLATE "C": the same byte order as SQLite's, so both stores list entities alike.
        command.CommandText = $"""
            SELECT * FROM (
            SELECT 'user' AS type, user_id AS name, COUNT(*), MIN(created_at), MAX(updated_at) FROM {_sql.Memories} WHERE tenant_id = @tenant AND user_id IS NOT NULL GROUP BY user_id
            UNION ALL SELECT 'agent', agent_id, COUNT(*), MIN(created_at), MAX(updated_at) FROM {_sql.Memories} WHERE tenant_id = @tenant AND agent_id IS NOT NULL GROUP BY agent_id
            UNION ALL SELECT 'run', run_id, COUNT(*), MIN(created_at), MAX(updated_at) FROM {_sql.Memories} WHERE tenant_id = @tenant AND run_id IS NOT NULL GROUP BY run_id
            UNION ALL SELECT 'app', app_id, COUNT(*), MIN(created_at), MAX(updated_at) FROM {_sql.Memories} WHERE tenant_id = @tenant AND app_id IS NOT NULL GROUP BY app_id
            ) e ORDER BY type COLLATE "C", name COLLATE "C"
            """;
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = tenant });
        var entities = new List<EntitySummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entities.Add(new EntitySummary(
                reader.GetString(0),
                reader.GetString(1),
                (int)reader.GetInt64(2),
                new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero),
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero)));
        }

        return entities;
    }

    public async Task<MemoryPage> ListAsync(MemoryScope scope, MetadataFilter? filter, int limit, PageCursor? after, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection };
        var where = $"{PostgresSql.MatchScope(scope, command)} AND {PostgresFilterSql.Translate(filter, command)}";
        if (after is not null)
        {
            where += " AND (m.created_at, m.id) > (@after_at, @after_id)";
            command.Parameters.Add(new NpgsqlParameter("after_at", NpgsqlDbType.TimestampTz) { Value = after.CreatedAt.UtcDateTime });
            command.Parameters.Add(new NpgsqlParameter("after_id", NpgsqlDbType.Uuid) { Value = after.Id });
        }

        command.CommandText = $"SELECT {PostgresSql.Columns} FROM {_sql.Memories} m WHERE {where} ORDER BY m.created_at, m.id LIMIT @limit";
        command.Parameters.AddWithValue("limit", limit + 1);
        var items = new List<MemoryRecord>(Math.Min(limit + 1, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(PostgresSql.ReadRecord(reader));
        }

        return Paging.Page(items, limit);
    }

    public async Task<IReadOnlyList<ScoredMemory>> SearchAsync(MemoryScope scope, ReadOnlyMemory<float> query, MetadataFilter? filter, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await Search.SearchAsync(connection, scope, exactScope: false, query, filter, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<IReadOnlyList<ScoredMemory>>> FindSimilarManyAsync(
        MemoryScope exactScope, IReadOnlyList<ReadOnlyMemory<float>> vectors, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await Search.SearchManyAsync(connection, exactScope, exactScope: true, vectors, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT {PostgresSql.HistoryColumns} FROM {_sql.History} WHERE memory_id = @id ORDER BY created_at, id", connection);
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = id });
        var entries = new List<HistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(PostgresSql.ReadHistory(reader));
        }

        return entries;
    }

    public async Task<IReadOnlyList<MemoryRecord>> DeleteScopeAsync(MemoryScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        var where = PostgresSql.MatchScope(scope, command);
        command.CommandText = $"""
            WITH deleted AS (DELETE FROM {_sql.Memories} m WHERE {where} RETURNING {PostgresSql.Columns}),
            audit AS (
                INSERT INTO {_sql.History} (id, memory_id, old_memory, new_memory, event, created_at, tenant_id, user_id, agent_id, run_id, app_id, actor_key_id, trace_id)
                SELECT gen_random_uuid(), d.id, d.memory, NULL, 'DELETE', @now, d.tenant_id, d.user_id, d.agent_id, d.run_id, d.app_id, @actor_key_id, @trace_id FROM deleted d)
            SELECT * FROM deleted m ORDER BY m.created_at, m.id
            """;
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = Timestamps.Now(_clock).UtcDateTime });
        PostgresChangeWriter.AddActor(command.Parameters, ChangeActorContext.Current);
        var deleted = new List<MemoryRecord>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                deleted.Add(PostgresSql.ReadRecord(reader));
            }
        }

        await DeleteScopeTurnsAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false);
        await DeleteScopeGraphAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false);
        await CancelScopeEventsAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // The jobs table is left alone: its fencing tokens must only grow, and a running pass keeps its lease.
        await using var command = new NpgsqlCommand($"TRUNCATE {_sql.Memories}, {_sql.History}, {_sql.Turns}, {GraphTables}; {EventsResetSql}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT 1 FROM {_sql.Memories} LIMIT 1", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    internal static async Task<MemoryRecord?> GetAsync(NpgsqlConnection connection, PostgresSql sql, Guid id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {PostgresSql.Columns} FROM {sql.Memories} m WHERE m.id = @id", connection);
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? PostgresSql.ReadRecord(reader) : null;
    }
}
