using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

internal sealed partial class SqliteMemoryStore
{
    /// <summary>After a reset, open events end FAILED (they would otherwise bring memories back) and no answer is replayed.</summary>
    private const string EventsResetSql =
        "UPDATE memory_events SET status = 'FAILED', error = 'Cancelled: all memories were reset before this add was applied.', lease_expires_at = NULL " +
        "WHERE status IN ('PENDING', 'RUNNING'); DELETE FROM idempotency_keys;";

    /// <summary>In delete_all's transaction: queued adds of the deleted scope end FAILED (see the PostgreSQL store).</summary>
    private async Task CancelScopeEventsAsync(SqliteConnection connection, SqliteTransaction transaction, MemoryScope scope, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            UPDATE memory_events SET status = 'FAILED', error = @reason, completed_at = @now, updated_at = @now, lease_expires_at = NULL
            WHERE status IN ('PENDING', 'RUNNING') AND {SqliteSql.MatchScope(scope, command)}
            """;
        command.Parameters.AddWithValue("@reason", Postgres.PostgresMemoryStore.CancelledByDelete);
        command.Parameters.AddWithValue("@now", Timestamps.ToUnixMicroseconds(Timestamps.Now(_clock)));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
