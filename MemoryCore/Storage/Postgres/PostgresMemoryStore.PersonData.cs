using MemoryCore.Model;
using Npgsql;
using NpgsqlTypes;

namespace MemoryCore.Storage.Postgres;

/// <summary>A person's export and erasure (see <see cref="IPersonDataStore"/>).</summary>
internal sealed partial class PostgresMemoryStore : IPersonDataStore
{
    public async Task<IReadOnlyList<HistoryEntry>> ListUserHistoryAsync(string tenant, string userId, HistoryEntry? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection };
        var keyset = after is null ? string.Empty : "AND (created_at, id) > (@after_at, @after_id)";
        command.CommandText = $"SELECT {PostgresSql.HistoryColumns} FROM {_sql.History} WHERE tenant_id = @tenant AND user_id = @user_id {keyset} ORDER BY created_at, id LIMIT @limit";
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter("user_id", NpgsqlDbType.Text) { Value = userId });
        command.Parameters.AddWithValue("limit", limit);
        if (after is not null)
        {
            command.Parameters.Add(new NpgsqlParameter("after_at", NpgsqlDbType.TimestampTz) { Value = after.CreatedAt.UtcDateTime });
            command.Parameters.Add(new NpgsqlParameter("after_id", NpgsqlDbType.Uuid) { Value = after.Id });
        }

        var entries = new List<HistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(PostgresSql.ReadHistory(reader));
        }

        return entries;
    }

    /// <summary>One batch, one transaction. Relations go before nodes so each is counted once (nodes would cascade to
    /// them); history is redacted before the DELETE rows are added, which carry no text anyway.</summary>
    public async Task<PersonErasure> EraseUserAsync(string tenant, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var auditId = Guid.CreateVersion7();
        var actor = ChangeActorContext.Current;
        // Every statement is limited to the person's rows in this tenant: the same user id in another tenant is someone else.
        var person = MemoryScope.Create(userId, null, null, tenant);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var gate = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@person)", connection, transaction))
        {
            // Exclusive: waits for the person's writers in flight (they hold it shared) so what they commit is erased
            // too, and holds off new ones until this commits.
            gate.Parameters.AddWithValue("person", _sql.AdvisoryKey(person.PersonLockKey!));
            await gate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        Func<NpgsqlParameterCollection, string>[] statements =
        [
            // The graph's own clause helper, given the tenant-bearing scope, so the graph's tenant rule applies here too.
            p => $"DELETE FROM {_sql.Schema}.graph_edges e WHERE {Graph.PostgresGraphSql.Match(person, p, "e")}",
            p => $"DELETE FROM {_sql.Schema}.graph_nodes n WHERE {Graph.PostgresGraphSql.Match(person, p, "n")}",
            p => $"UPDATE {_sql.History} h SET old_memory = NULL, new_memory = NULL WHERE {PostgresScopeClauses.Match(person, p, "h")} AND (h.old_memory IS NOT NULL OR h.new_memory IS NOT NULL)",
            p => $"""
            WITH deleted AS (DELETE FROM {_sql.Memories} m WHERE {PostgresScopeClauses.Match(person, p, "m")} RETURNING m.id, m.tenant_id, m.user_id, m.agent_id, m.run_id, m.app_id)
            INSERT INTO {_sql.History} (id, memory_id, old_memory, new_memory, event, created_at, tenant_id, user_id, agent_id, run_id, app_id, actor_key_id, trace_id)
            SELECT gen_random_uuid(), d.id, NULL, NULL, 'DELETE', @now, d.tenant_id, d.user_id, d.agent_id, d.run_id, d.app_id, @actor_key_id, @trace_id FROM deleted d
            """,
            p => $"DELETE FROM {_sql.Turns} t WHERE {PostgresScopeClauses.Match(person, p, "t")}",
            // Queued adds carry the person's messages; a running one loses its claim and commits nothing.
            p => $"DELETE FROM {_sql.Events} v WHERE {PostgresScopeClauses.Match(person, p, "v")}",
            // Stored Idempotency-Key answers of the person's adds quote their memories (a user-only scope names only
            // tenant_id and user_id, the two columns the table has).
            p => $"DELETE FROM {_sql.IdempotencyKeys} k WHERE {PostgresScopeClauses.Match(person, p, "k")}",
        ];
        foreach (var statement in statements)
        {
            var command = new NpgsqlBatchCommand();
            command.CommandText = statement(command.Parameters);
            command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.UtcDateTime });
            PostgresChangeWriter.AddActor(command.Parameters, actor);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        var counts = batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => checked((int)c.RecordsAffected)).ToArray();
        var erasure = new PersonErasure(auditId, userId, now, counts[3], counts[2], counts[4], counts[1], counts[0], counts[5]);
        await using (var audit = new NpgsqlCommand(
            $"""
            INSERT INTO {_sql.Schema}.erasure_audit (id, tenant_id, user_id_sha256, erased_at, memories, history_rows_redacted, turns, graph_nodes, graph_edges, events, actor_key_id, trace_id)
            VALUES (@id, @tenant, @user_hash, @now, @memories, @history, @turns, @nodes, @edges, @events, @actor_key_id, @trace_id)
            """, connection, transaction))
        {
            audit.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = auditId });
            audit.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = tenant });
            audit.Parameters.Add(new NpgsqlParameter("user_hash", NpgsqlDbType.Text) { Value = PersonErasure.HashUserId(userId) });
            audit.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.UtcDateTime });
            audit.Parameters.AddWithValue("memories", erasure.Memories);
            audit.Parameters.AddWithValue("history", erasure.HistoryRowsRedacted);
            audit.Parameters.AddWithValue("turns", erasure.Turns);
            audit.Parameters.AddWithValue("nodes", erasure.GraphNodes);
            audit.Parameters.AddWithValue("edges", erasure.GraphEdges);
            audit.Parameters.AddWithValue("events", erasure.Events);
            PostgresChangeWriter.AddActor(audit.Parameters, actor);
            await audit.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return erasure;
    }
}
