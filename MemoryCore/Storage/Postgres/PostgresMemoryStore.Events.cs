using MemoryCore.Model;
using Npgsql;
using NpgsqlTypes;

namespace MemoryCore.Storage.Postgres;

internal sealed partial class PostgresMemoryStore
{
    /// <summary>Why a queued add of a deleted scope is not applied.</summary>
    internal const string CancelledByDelete = "Cancelled: the memories of this scope were deleted before this add was applied.";

    /// <summary>After a reset, open events end FAILED (they would otherwise bring memories back) and no answer is replayed.</summary>
    private string EventsResetSql =>
        $"UPDATE {_sql.Events} SET status = 'FAILED', error = 'Cancelled: all memories were reset before this add was applied.', " +
        $"completed_at = now(), updated_at = now(), lease_expires_at = NULL WHERE status IN ('PENDING', 'RUNNING'); DELETE FROM {_sql.IdempotencyKeys}";

    /// <summary>
    /// In delete_all's transaction: queued adds of the deleted scope (read semantics, like the delete) end FAILED, so
    /// "forget me" cannot be undone by an add accepted before it. A RUNNING one's commit then finds its event no longer
    /// RUNNING and rolls back (see <see cref="Events.CompleteAddEvent"/>).
    /// </summary>
    private async Task CancelScopeEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MemoryScope scope, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        command.CommandText = $"""
            UPDATE {_sql.Events} m SET status = 'FAILED', error = @reason, completed_at = @now, updated_at = @now, lease_expires_at = NULL
            WHERE m.status IN ('PENDING', 'RUNNING') AND {PostgresSql.MatchScope(scope, command)}
            """;
        command.Parameters.Add(new NpgsqlParameter("reason", NpgsqlDbType.Text) { Value = CancelledByDelete });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = Timestamps.Now(_clock).UtcDateTime });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
