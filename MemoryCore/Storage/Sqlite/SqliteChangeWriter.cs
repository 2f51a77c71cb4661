using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>Applies <see cref="MemoryChange"/>s and their history rows inside an open transaction.</summary>
internal static class SqliteChangeWriter
{
    public static async Task ApplyAsync(
        SqliteConnection connection, SqliteTransaction transaction, MemoryScope scope,
        IReadOnlyList<MemoryChange> changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            switch (change)
            {
                case InsertMemory insert:
                    await InsertAsync(connection, transaction, insert, cancellationToken).ConfigureAwait(false);
                    await HistoryAsync(connection, transaction, scope, insert.MemoryId, null, insert.Memory.Memory, "ADD", insert.Memory.CreatedAt, cancellationToken).ConfigureAwait(false);
                    break;
                case UpdateMemory update:
                    await UpdateAsync(connection, transaction, update, cancellationToken).ConfigureAwait(false);
                    await HistoryAsync(connection, transaction, scope, update.Id, update.OldMemory, update.NewMemory, "UPDATE", update.UpdatedAt, cancellationToken).ConfigureAwait(false);
                    break;
                case DeleteMemory delete:
                    await DeleteAsync(connection, transaction, delete.Id, cancellationToken).ConfigureAwait(false);
                    await HistoryAsync(connection, transaction, scope, delete.Id, delete.OldMemory, null, "DELETE", now, cancellationToken).ConfigureAwait(false);
                    break;
                case AppendTurns append:
                    await SqliteMemoryStore.AppendTurnsAsync(connection, transaction, scope, append, cancellationToken).ConfigureAwait(false);
                    break;
                case Events.CompleteAddEvent complete:
                    await SqliteAddEventQueue.CompleteAsync(connection, transaction, complete, cancellationToken).ConfigureAwait(false);
                    break;
                case global::MemoryCore.Graph.ApplyGraphDelta:
                    break; // written after the memory rows, below
                default:
                    throw new NotSupportedException(change.GetType().Name);
            }
        }

        await Graph.SqliteGraphWriter.ApplyAsync(connection, transaction, scope, changes, now, cancellationToken).ConfigureAwait(false);
    }

    public static async Task HistoryAsync(
        SqliteConnection connection, SqliteTransaction transaction, MemoryScope scope, Guid memoryId,
        string? oldMemory, string? newMemory, string @event, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO memory_history (id, memory_id, old_memory, new_memory, event, created_at, tenant_id, user_id, agent_id, run_id, app_id, actor_key_id, trace_id)
            VALUES (@id, @memory_id, @old, @new, @event, @at, @tenant_id, @user_id, @agent_id, @run_id, @app_id, @actor_key_id, @trace_id)
            """;
        command.Parameters.AddWithValue("@id", Guid.CreateVersion7().ToString());
        command.Parameters.AddWithValue("@memory_id", memoryId.ToString());
        command.Parameters.AddWithValue("@old", (object?)oldMemory ?? DBNull.Value);
        command.Parameters.AddWithValue("@new", (object?)newMemory ?? DBNull.Value);
        command.Parameters.AddWithValue("@event", @event);
        command.Parameters.AddWithValue("@at", Timestamps.ToUnixMicroseconds(at));
        SqliteScopeClauses.AddValues(command, scope);
        var actor = ChangeActorContext.Current;
        command.Parameters.AddWithValue("@actor_key_id", (object?)actor.KeyId ?? DBNull.Value);
        command.Parameters.AddWithValue("@trace_id", (object?)actor.TraceId ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, InsertMemory insert, CancellationToken cancellationToken)
    {
        var m = insert.Memory;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO memories ({SqliteSql.Columns}) VALUES ({SqliteSql.ColumnValues})";
        command.Parameters.AddWithValue("@id", m.Id.ToString());
        SqliteScopeClauses.AddValues(command, m.Scope);
        command.Parameters.AddWithValue("@memory", m.Memory);
        command.Parameters.AddWithValue("@hash", m.Hash);
        command.Parameters.AddWithValue("@metadata", MetadataJson.Serialize(m.Metadata));
        command.Parameters.AddWithValue("@embedding", SqliteSql.ToBlob(insert.Embedding));
        command.Parameters.AddWithValue("@created_at", Timestamps.ToUnixMicroseconds(m.CreatedAt));
        command.Parameters.AddWithValue("@updated_at", Timestamps.ToUnixMicroseconds(m.UpdatedAt));
        command.Parameters.AddWithValue("@categories", SqliteSql.SerializeCategories(m.Categories));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task UpdateAsync(SqliteConnection connection, SqliteTransaction transaction, UpdateMemory update, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var setEmbedding = update.Embedding is null ? string.Empty : ", embedding = @embedding";
        var setCategories = update.Categories is null ? string.Empty : ", categories = @categories";
        command.CommandText = $"UPDATE memories SET memory = @memory, hash = @hash, metadata = @metadata, updated_at = @updated_at{setEmbedding}{setCategories} WHERE id = @id";
        command.Parameters.AddWithValue("@id", update.Id.ToString());
        command.Parameters.AddWithValue("@memory", update.NewMemory);
        command.Parameters.AddWithValue("@hash", update.Hash);
        command.Parameters.AddWithValue("@metadata", MetadataJson.Serialize(update.Metadata));
        if (update.Embedding is { } embedding)
        {
            command.Parameters.AddWithValue("@embedding", SqliteSql.ToBlob(embedding));
        }

        if (update.Categories is { } categories)
        {
            command.Parameters.AddWithValue("@categories", SqliteSql.SerializeCategories(categories));
        }

        command.Parameters.AddWithValue("@updated_at", Timestamps.ToUnixMicroseconds(update.UpdatedAt));
        ThrowIfGone(await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false), update.Id);
    }

    private static async Task DeleteAsync(SqliteConnection connection, SqliteTransaction transaction, Guid id, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM memories WHERE id = @id";
        command.Parameters.AddWithValue("@id", id.ToString());
        ThrowIfGone(await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false), id);
    }

    private static void ThrowIfGone(int affected, Guid id)
    {
        if (affected == 0)
        {
            throw new MemoryConflictException($"Memory '{id}' was deleted by a concurrent request; nothing was written. Retry the request.");
        }
    }
}
