using MemoryCore.Model;
using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace MemoryCore.Storage.Postgres;

/// <summary>Applies changes and their history rows in one transaction, sent as one batch (one round trip), then commits it.</summary>
internal sealed class PostgresChangeWriter(PostgresSql sql, int dimensions)
{
    /// <summary>Writes the changes in <paramref name="transaction"/> (the scope writer's, which holds the scope's lock) and
    /// commits it, or rolls it back and throws when a change found its row gone.</summary>
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MemoryScope scope, IReadOnlyList<MemoryChange> changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ChangeGuard.CheckVectors(changes, dimensions);
        ChangeGuard.CheckScope(changes, scope);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var checkedCommands = new List<(NpgsqlBatchCommand Command, Guid Id)>();
        (NpgsqlBatchCommand Command, Guid EventId)? completion = null;
        foreach (var change in changes)
        {
            switch (change)
            {
                case InsertMemory insert:
                    batch.BatchCommands.Add(Insert(insert));
                    batch.BatchCommands.Add(History(scope, insert.MemoryId, null, insert.Memory.Memory, "ADD", insert.Memory.CreatedAt));
                    break;
                case UpdateMemory update:
                    var updateCommand = Update(update);
                    batch.BatchCommands.Add(updateCommand);
                    checkedCommands.Add((updateCommand, update.Id));
                    batch.BatchCommands.Add(History(scope, update.Id, update.OldMemory, update.NewMemory, "UPDATE", update.UpdatedAt));
                    break;
                case DeleteMemory delete:
                    var deleteCommand = new NpgsqlBatchCommand($"DELETE FROM {sql.Memories} WHERE id = @id");
                    deleteCommand.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = delete.Id });
                    batch.BatchCommands.Add(deleteCommand);
                    checkedCommands.Add((deleteCommand, delete.Id));
                    batch.BatchCommands.Add(History(scope, delete.Id, delete.OldMemory, null, "DELETE", now));
                    break;
                case AppendTurns append:
                    batch.BatchCommands.Add(Turns(scope, append));
                    break;
                case Events.CompleteAddEvent complete:
                    var completeCommand = PostgresAddEventQueue.Complete(sql, complete);
                    batch.BatchCommands.Add(completeCommand);
                    completion = (completeCommand, complete.EventId);
                    break;
                case global::MemoryCore.Graph.ApplyGraphDelta:
                    break; // written after the memory rows, below
                default:
                    throw new NotSupportedException(change.GetType().Name);
            }
        }

        Graph.PostgresGraphWriter.AppendTo(batch, sql, scope, changes, now);
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // A row this write refers to (a memory, a graph node) was removed by a concurrent delete_all.
            throw new MemoryConflictException("The scope changed during this write (a concurrent delete); nothing was written. Retry the request.");
        }
        foreach (var (command, id) in checkedCommands)
        {
            if (command.RecordsAffected == 0)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                throw new MemoryConflictException($"Memory '{id}' was deleted by a concurrent request; nothing was written. Retry the request.");
            }
        }

        if (completion is { } done && done.Command.RecordsAffected != 1)
        {
            // The event's claim was taken over (this worker's lease expired) or it already finished: its add must not
            // be applied a second time, so nothing of this commit is kept.
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            throw new Events.AddEventClaimLostException(done.EventId);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public NpgsqlBatchCommand History(MemoryScope scope, Guid memoryId, string? oldMemory, string? newMemory, string @event, DateTimeOffset at)
    {
        var command = new NpgsqlBatchCommand(
            $"INSERT INTO {sql.History} (id, memory_id, old_memory, new_memory, event, created_at, tenant_id, user_id, agent_id, run_id, app_id, actor_key_id, trace_id) " +
            "VALUES (@id, @memory_id, @old, @new, @event, @at, @tenant_id, @user_id, @agent_id, @run_id, @app_id, @actor_key_id, @trace_id)");
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = Guid.CreateVersion7() });
        command.Parameters.Add(new NpgsqlParameter("memory_id", NpgsqlDbType.Uuid) { Value = memoryId });
        command.Parameters.Add(new NpgsqlParameter("old", NpgsqlDbType.Text) { Value = (object?)oldMemory ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("new", NpgsqlDbType.Text) { Value = (object?)newMemory ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("event", NpgsqlDbType.Text) { Value = @event });
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = at.UtcDateTime });
        PostgresScopeClauses.AddValues(command.Parameters, scope);
        AddActor(command.Parameters, ChangeActorContext.Current);
        return command;
    }

    /// <summary>@actor_key_id and @trace_id: who made the change (see <see cref="ChangeActorContext"/>).</summary>
    public static void AddActor(NpgsqlParameterCollection parameters, ChangeActor actor)
    {
        parameters.Add(new NpgsqlParameter("actor_key_id", NpgsqlDbType.Text) { Value = (object?)actor.KeyId ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("trace_id", NpgsqlDbType.Text) { Value = (object?)actor.TraceId ?? DBNull.Value });
    }

    /// <summary>All turns of one add in one statement (arrays unnested), so seq order follows conversation order.</summary>
    private NpgsqlBatchCommand Turns(MemoryScope scope, AppendTurns append)
    {
        var command = new NpgsqlBatchCommand(
            $"INSERT INTO {sql.Turns} (tenant_id, user_id, agent_id, run_id, app_id, role, content, created_at) " +
            "SELECT @tenant_id, @user_id, @agent_id, @run_id, @app_id, t.role, t.content, @at FROM unnest(@roles, @contents) WITH ORDINALITY AS t(role, content, n) ORDER BY t.n");
        PostgresScopeClauses.AddValues(command.Parameters, scope);
        command.Parameters.Add(new NpgsqlParameter("roles", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = append.Turns.Select(t => t.Role).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("contents", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = append.Turns.Select(t => t.Content).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = append.At.UtcDateTime });
        return command;
    }

    private NpgsqlBatchCommand Insert(InsertMemory insert)
    {
        var m = insert.Memory;
        var command = new NpgsqlBatchCommand(
            $"INSERT INTO {sql.Memories} (id, tenant_id, user_id, agent_id, run_id, app_id, memory, hash, metadata, embedding, created_at, updated_at, categories) " +
            "VALUES (@id, @tenant_id, @user_id, @agent_id, @run_id, @app_id, @memory, @hash, @metadata, @embedding, @created_at, @updated_at, @categories)");
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = m.Id });
        PostgresScopeClauses.AddValues(command.Parameters, m.Scope);
        command.Parameters.Add(new NpgsqlParameter("memory", NpgsqlDbType.Text) { Value = m.Memory });
        command.Parameters.Add(new NpgsqlParameter("hash", NpgsqlDbType.Text) { Value = m.Hash });
        command.Parameters.Add(new NpgsqlParameter("metadata", NpgsqlDbType.Jsonb) { Value = MetadataJson.Serialize(m.Metadata) });
        command.Parameters.Add(new NpgsqlParameter("embedding", new Vector(insert.Embedding)));
        command.Parameters.Add(new NpgsqlParameter("created_at", NpgsqlDbType.TimestampTz) { Value = m.CreatedAt.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter("updated_at", NpgsqlDbType.TimestampTz) { Value = m.UpdatedAt.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter("categories", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = m.Categories.ToArray() });
        return command;
    }

    private NpgsqlBatchCommand Update(UpdateMemory update)
    {
        var setEmbedding = update.Embedding is null ? string.Empty : ", embedding = @embedding";
        var setCategories = update.Categories is null ? string.Empty : ", categories = @categories";
        var command = new NpgsqlBatchCommand(
            $"UPDATE {sql.Memories} SET memory = @memory, hash = @hash, metadata = @metadata, updated_at = @updated_at{setEmbedding}{setCategories} WHERE id = @id");
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = update.Id });
        command.Parameters.Add(new NpgsqlParameter("memory", NpgsqlDbType.Text) { Value = update.NewMemory });
        command.Parameters.Add(new NpgsqlParameter("hash", NpgsqlDbType.Text) { Value = update.Hash });
        command.Parameters.Add(new NpgsqlParameter("metadata", NpgsqlDbType.Jsonb) { Value = MetadataJson.Serialize(update.Metadata) });
        command.Parameters.Add(new NpgsqlParameter("updated_at", NpgsqlDbType.TimestampTz) { Value = update.UpdatedAt.UtcDateTime });
        if (update.Embedding is { } embedding)
        {
            command.Parameters.Add(new NpgsqlParameter("embedding", new Vector(embedding)));
        }

        if (update.Categories is { } categories)
        {
            command.Parameters.Add(new NpgsqlParameter("categories", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = categories.ToArray() });
        }

        return command;
    }
}
