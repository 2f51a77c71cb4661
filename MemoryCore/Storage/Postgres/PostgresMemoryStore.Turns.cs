using MemoryCore.Model;
using Npgsql;
using NpgsqlTypes;

namespace MemoryCore.Storage.Postgres;

/// <summary>Raw conversation turns (see <see cref="IConversationTurnStore"/>).</summary>
internal sealed partial class PostgresMemoryStore
{
    public async Task<IReadOnlyList<TurnScope>> ListTurnScopesAsync(string tenant, long afterSeq, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"""
            SELECT user_id, agent_id, max(seq) FROM {_sql.Turns}
            WHERE tenant_id = @tenant AND seq > @after AND created_at <= @before AND user_id IS NOT NULL
            GROUP BY user_id, agent_id ORDER BY max(seq)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = tenant });
        command.Parameters.AddWithValue("after", afterSeq);
        command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.TimestampTz) { Value = before.UtcDateTime });
        var scopes = new List<TurnScope>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            scopes.Add(new TurnScope(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2), tenant));
        }

        return scopes;
    }

    public async Task<IReadOnlyList<ConversationTurn>> ListTurnsAsync(MemoryScope scope, DateTimeOffset since, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection };
        command.CommandText = $"""
            SELECT m.seq, m.role, m.content, m.created_at, m.user_id, m.agent_id, m.run_id, m.app_id FROM {_sql.Turns} m
            WHERE {PostgresSql.MatchScope(scope, command)} AND m.created_at >= @since AND m.seq > @after
            ORDER BY m.seq LIMIT @limit
            """;
        command.Parameters.Add(new NpgsqlParameter("since", NpgsqlDbType.TimestampTz) { Value = since.UtcDateTime });
        command.Parameters.AddWithValue("after", afterSeq);
        command.Parameters.AddWithValue("limit", limit);
        var turns = new List<ConversationTurn>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            turns.Add(new ConversationTurn(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                PostgresSql.NullableString(reader, 7)));
        }

        return turns;
    }

    public async Task<int> PurgeTurnsAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DELETE FROM {_sql.Turns} WHERE created_at < @before", connection);
        command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.TimestampTz) { Value = olderThan.UtcDateTime });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteScopeTurnsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MemoryScope scope, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        command.CommandText = $"DELETE FROM {_sql.Turns} m WHERE {PostgresSql.MatchScope(scope, command)}";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
