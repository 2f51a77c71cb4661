using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>Raw conversation turns (see <see cref="IConversationTurnStore"/>).</summary>
internal sealed partial class SqliteMemoryStore
{
    public async Task<IReadOnlyList<TurnScope>> ListTurnScopesAsync(string tenant, long afterSeq, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT user_id, agent_id, max(seq) FROM conversation_turns
            WHERE tenant_id = @tenant AND seq > @after AND created_at <= @before AND user_id IS NOT NULL
            GROUP BY user_id, agent_id ORDER BY max(seq)
            """;
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@after", afterSeq);
        command.Parameters.AddWithValue("@before", Timestamps.ToUnixMicroseconds(before));
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
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT seq, role, content, created_at, user_id, agent_id, run_id, app_id FROM conversation_turns
            WHERE {SqliteSql.MatchScope(scope, command)} AND created_at >= @since AND seq > @after
            ORDER BY seq LIMIT @limit
            """;
        command.Parameters.AddWithValue("@since", Timestamps.ToUnixMicroseconds(since));
        command.Parameters.AddWithValue("@after", afterSeq);
        command.Parameters.AddWithValue("@limit", limit);
        var turns = new List<ConversationTurn>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            turns.Add(new ConversationTurn(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Timestamps.FromUnixMicroseconds(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                SqliteSql.NullableString(reader, 7)));
        }

        return turns;
    }

    public async Task<int> PurgeTurnsAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM conversation_turns WHERE created_at < @before";
        command.Parameters.AddWithValue("@before", Timestamps.ToUnixMicroseconds(olderThan));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static async Task AppendTurnsAsync(SqliteConnection connection, SqliteTransaction transaction, MemoryScope scope, AppendTurns append, CancellationToken cancellationToken)
    {
        foreach (var turn in append.Turns)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO conversation_turns (tenant_id, user_id, agent_id, run_id, app_id, role, content, created_at) VALUES (@tenant_id, @user_id, @agent_id, @run_id, @app_id, @role, @content, @at)";
            SqliteScopeClauses.AddValues(command, scope);
            command.Parameters.AddWithValue("@role", turn.Role);
            command.Parameters.AddWithValue("@content", turn.Content);
            command.Parameters.AddWithValue("@at", Timestamps.ToUnixMicroseconds(append.At));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task DeleteScopeTurnsAsync(SqliteConnection connection, SqliteTransaction transaction, MemoryScope scope, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"DELETE FROM conversation_turns WHERE {SqliteSql.MatchScope(scope, command)}";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
