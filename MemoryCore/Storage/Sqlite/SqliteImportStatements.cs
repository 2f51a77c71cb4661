using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>The prepared statements of a bulk import: probe for a duplicate, insert the memory, insert its ADD history row.
/// Values are rebound per row; SQL is compiled once per batch.</summary>
internal sealed class SqliteImportStatements : IAsyncDisposable
{
    private readonly SqliteCommand _exists;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _history;
    private readonly SqliteCommand _idExists;

    public SqliteImportStatements(SqliteConnection connection, SqliteTransaction transaction)
    {
        _exists = Create(connection, transaction,
            "SELECT 1 FROM memories WHERE tenant_id = @tenant_id AND user_id IS @user_id AND agent_id IS @agent_id AND run_id IS @run_id AND app_id IS @app_id AND hash = @hash LIMIT 1",
            "@tenant_id", "@user_id", "@agent_id", "@run_id", "@app_id", "@hash");
        // An id with history is taken, even once its memory is deleted: reusing it would join another memory's (perhaps
        // another tenant's) history, which then belongs to no one caller and reads as not found for both.
        _idExists = Create(connection, transaction,
            "SELECT 1 FROM memories WHERE id = @id UNION ALL SELECT 1 FROM memory_history WHERE memory_id = @id LIMIT 1", "@id");
        _insert = Create(connection, transaction,
            $"INSERT INTO memories ({SqliteSql.Columns}) VALUES ({SqliteSql.ColumnValues}) ON CONFLICT (id) DO NOTHING",
            "@id", "@tenant_id", "@user_id", "@agent_id", "@run_id", "@app_id", "@memory", "@hash", "@metadata", "@embedding", "@created_at", "@updated_at", "@categories");
        _history = Create(connection, transaction,
            "INSERT INTO memory_history (id, memory_id, old_memory, new_memory, event, created_at, tenant_id, user_id, agent_id, run_id, app_id, actor_key_id, trace_id) " +
            "VALUES (@id, @memory_id, NULL, @new, 'ADD', @at, @tenant_id, @user_id, @agent_id, @run_id, @app_id, @actor_key_id, @trace_id)",
            "@id", "@memory_id", "@new", "@at", "@tenant_id", "@user_id", "@agent_id", "@run_id", "@app_id", "@actor_key_id", "@trace_id");
    }

    /// <summary>Inserts the memory and its history row unless its exact scope already holds the same hash or its id exists
    /// or has history (rows inserted earlier in this transaction included).</summary>
    public async Task<bool> InsertIfNewAsync(InsertMemory item, CancellationToken cancellationToken)
    {
        var m = item.Memory;
        SetScope(_exists, m);
        _exists.Parameters["@hash"].Value = m.Hash;
        if (await _exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        _idExists.Parameters["@id"].Value = m.Id.ToString();
        if (await _idExists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            return false; // the id exists or existed: imported before (perhaps edited or deleted since), or another memory's
        }

        SetScope(_insert, m);
        _insert.Parameters["@id"].Value = m.Id.ToString();
        _insert.Parameters["@memory"].Value = m.Memory;
        _insert.Parameters["@hash"].Value = m.Hash;
        _insert.Parameters["@metadata"].Value = MetadataJson.Serialize(m.Metadata);
        _insert.Parameters["@embedding"].Value = SqliteSql.ToBlob(item.Embedding);
        _insert.Parameters["@created_at"].Value = Timestamps.ToUnixMicroseconds(m.CreatedAt);
        _insert.Parameters["@updated_at"].Value = Timestamps.ToUnixMicroseconds(m.UpdatedAt);
        _insert.Parameters["@categories"].Value = SqliteSql.SerializeCategories(m.Categories);
        if (await _insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            return false; // the id exists already: imported before, perhaps edited since
        }

        SetScope(_history, m);
        _history.Parameters["@id"].Value = Guid.CreateVersion7().ToString();
        _history.Parameters["@memory_id"].Value = m.Id.ToString();
        _history.Parameters["@new"].Value = m.Memory;
        _history.Parameters["@at"].Value = Timestamps.ToUnixMicroseconds(m.CreatedAt);
        var actor = ChangeActorContext.Current; // imported rows name the importing key and request, like every other change
        _history.Parameters["@actor_key_id"].Value = (object?)actor.KeyId ?? DBNull.Value;
        _history.Parameters["@trace_id"].Value = (object?)actor.TraceId ?? DBNull.Value;
        await _history.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The same tests as <see cref="InsertIfNewAsync"/> without writing: the id exists, or the hash in the exact scope.</summary>
    public async Task<bool> IsStoredAsync(MemoryRecord m, CancellationToken cancellationToken)
    {
        _idExists.Parameters["@id"].Value = m.Id.ToString();
        if (await _idExists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            return true;
        }

        SetScope(_exists, m);
        _exists.Parameters["@hash"].Value = m.Hash;
        return await _exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    public async ValueTask DisposeAsync()
    {
        await _idExists.DisposeAsync().ConfigureAwait(false);
        await _exists.DisposeAsync().ConfigureAwait(false);
        await _insert.DisposeAsync().ConfigureAwait(false);
        await _history.DisposeAsync().ConfigureAwait(false);
    }

    private static SqliteCommand Create(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name, Value = DBNull.Value });
        }

        command.Prepare();
        return command;
    }

    private static void SetScope(SqliteCommand command, MemoryRecord m)
    {
        command.Parameters["@tenant_id"].Value = m.Tenant;
        command.Parameters["@user_id"].Value = (object?)m.UserId ?? DBNull.Value;
        command.Parameters["@agent_id"].Value = (object?)m.AgentId ?? DBNull.Value;
        command.Parameters["@run_id"].Value = (object?)m.RunId ?? DBNull.Value;
        command.Parameters["@app_id"].Value = (object?)m.AppId ?? DBNull.Value;
    }
}
