using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>A person's export and erasure (see <see cref="IPersonDataStore"/>).</summary>
internal sealed partial class SqliteMemoryStore : IPersonDataStore
{
    public async Task<IReadOnlyList<HistoryEntry>> ListUserHistoryAsync(string tenant, string userId, HistoryEntry? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var keyset = after is null ? string.Empty : "AND (created_at > @after_at OR (created_at = @after_at AND id > @after_id))";
        command.CommandText = $"SELECT {SqliteSql.HistoryColumns} FROM memory_history WHERE tenant_id = @tenant AND user_id = @user_id {keyset} ORDER BY created_at, id LIMIT @limit";
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@user_id", userId);
        command.Parameters.AddWithValue("@limit", limit);
        if (after is not null)
        {
            command.Parameters.AddWithValue("@after_at", Timestamps.ToUnixMicroseconds(after.CreatedAt));
            command.Parameters.AddWithValue("@after_id", after.Id.ToString());
        }

        var entries = new List<HistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(SqliteSql.ReadHistory(reader));
        }

        return entries;
    }

    /// <summary>
    /// One transaction. secure_delete overwrites the freed pages with zeros, so the erased text does not linger in the
    /// file's free list; the full-text index is merged afterwards ('optimize'), which drops the deleted rows' tokens
    /// from its segments; the WAL is checkpointed after the commit so old page images leave the -wal file too.
    /// </summary>
    public async Task<PersonErasure> EraseUserAsync(string tenant, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var auditId = Guid.CreateVersion7();
        var actor = ChangeActorContext.Current;
        // Every statement is limited to the person's rows in this tenant: the same user id in another tenant is someone else.
        var person = MemoryScope.Create(userId, null, null, tenant);
        // Waits for the person's writers in flight, so what they commit is erased too, and holds off new ones until done.
        using var personLock = await _scopeLocks.AcquireAsync(person.PersonLockKey!, cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA secure_delete = ON;", cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // The graph's own clause helper, given the tenant-bearing scope, so the graph's tenant rule applies here too.
        await CountedAsync(connection, transaction, c =>
            $"DELETE FROM graph_edge_sources WHERE edge_id IN (SELECT e.id FROM graph_edges e WHERE {Graph.SqliteGraphSql.Match(person, c, "e")})", cancellationToken).ConfigureAwait(false);
        var edges = await CountedAsync(connection, transaction, c => $"DELETE FROM graph_edges AS e WHERE {Graph.SqliteGraphSql.Match(person, c, "e")}", cancellationToken).ConfigureAwait(false);
        var nodes = await CountedAsync(connection, transaction, c => $"DELETE FROM graph_nodes AS n WHERE {Graph.SqliteGraphSql.Match(person, c, "n")}", cancellationToken).ConfigureAwait(false);
        var redacted = await CountedAsync(connection, transaction, c =>
            $"UPDATE memory_history SET old_memory = NULL, new_memory = NULL WHERE {SqliteScopeClauses.Match(person, c)} AND (old_memory IS NOT NULL OR new_memory IS NOT NULL)",
            cancellationToken).ConfigureAwait(false);
        var memories = 0;
        foreach (var scope in await MemoryScopesAsync(connection, transaction, person, cancellationToken).ConfigureAwait(false))
        {
            await SqliteChangeWriter.HistoryAsync(connection, transaction, scope.Scope, scope.Id, null, null, "DELETE", now, cancellationToken).ConfigureAwait(false);
            memories++;
        }

        await CountedAsync(connection, transaction, c => $"DELETE FROM memories WHERE {SqliteScopeClauses.Match(person, c)}", cancellationToken).ConfigureAwait(false);
        var turns = await CountedAsync(connection, transaction, c => $"DELETE FROM conversation_turns WHERE {SqliteScopeClauses.Match(person, c)}", cancellationToken).ConfigureAwait(false);
        // Queued adds carry the person's messages; a running one loses its claim and commits nothing.
        var events = await CountedAsync(connection, transaction, c => $"DELETE FROM memory_events WHERE {SqliteScopeClauses.Match(person, c)}", cancellationToken).ConfigureAwait(false);
        // Stored Idempotency-Key answers of the person's adds quote their memories (a user-only scope names only tenant_id
        // and user_id, the two columns the table has).
        await CountedAsync(connection, transaction, c => $"DELETE FROM idempotency_keys WHERE {SqliteScopeClauses.Match(person, c)}", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "INSERT INTO memories_fts (memories_fts) VALUES ('optimize');", cancellationToken, transaction).ConfigureAwait(false);
        var erasure = new PersonErasure(auditId, userId, now, memories, redacted, turns, nodes, edges, events);
        await WriteErasureAuditAsync(connection, transaction, tenant, erasure, actor, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken).ConfigureAwait(false);
        return erasure;
    }

    /// <summary>Runs one statement, built on the command so its scope clause can add its parameters; returns the rows it changed.</summary>
    private static async Task<int> CountedAsync(SqliteConnection connection, SqliteTransaction transaction, Func<SqliteCommand, string> statement, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = statement(command);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<(Guid Id, MemoryScope Scope)>> MemoryScopesAsync(SqliteConnection connection, SqliteTransaction transaction, MemoryScope person, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT id, agent_id, run_id, app_id FROM memories WHERE {SqliteScopeClauses.Match(person, command)}";
        var ids = new List<(Guid, MemoryScope)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add((Guid.Parse(reader.GetString(0)), MemoryScope.Create(person.UserId, SqliteSql.NullableString(reader, 1), SqliteSql.NullableString(reader, 2), person.Tenant, SqliteSql.NullableString(reader, 3))));
        }

        return ids;
    }

    private static async Task WriteErasureAuditAsync(
        SqliteConnection connection, SqliteTransaction transaction, string tenant, PersonErasure erasure, ChangeActor actor, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO erasure_audit (id, tenant_id, user_id_sha256, erased_at, memories, history_rows_redacted, turns, graph_nodes, graph_edges, events, actor_key_id, trace_id)
            VALUES (@id, @tenant, @user_hash, @at, @memories, @history, @turns, @nodes, @edges, @events, @actor_key_id, @trace_id)
            """;
        command.Parameters.AddWithValue("@id", erasure.AuditId.ToString());
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@user_hash", PersonErasure.HashUserId(erasure.UserId));
        command.Parameters.AddWithValue("@at", Timestamps.ToUnixMicroseconds(erasure.ErasedAt));
        command.Parameters.AddWithValue("@memories", erasure.Memories);
        command.Parameters.AddWithValue("@history", erasure.HistoryRowsRedacted);
        command.Parameters.AddWithValue("@turns", erasure.Turns);
        command.Parameters.AddWithValue("@nodes", erasure.GraphNodes);
        command.Parameters.AddWithValue("@edges", erasure.GraphEdges);
        command.Parameters.AddWithValue("@events", erasure.Events);
        command.Parameters.AddWithValue("@actor_key_id", (object?)actor.KeyId ?? DBNull.Value);
        command.Parameters.AddWithValue("@trace_id", (object?)actor.TraceId ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
