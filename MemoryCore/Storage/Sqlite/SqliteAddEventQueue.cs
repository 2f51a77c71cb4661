using MemoryCore.Events;
using MemoryCore.Idempotency;
using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>
/// The add queue in the SQLite file (see <see cref="IAddEventQueue"/>). SQLite has one writer: every claim and change is
/// one statement in a BEGIN IMMEDIATE transaction, so claimers in this process take turns and each gets another event.
/// A claim has a lease like PostgreSQL's, so events a killed process held are claimed again after a restart.
/// </summary>
internal sealed class SqliteAddEventQueue(string databasePath, TimeProvider clock) : IAddEventQueue
{
    private const string RecordColumns =
        "id, status, user_id, agent_id, run_id, payload, results, error, attempts, actor_key_id, trace_id, created_at, updated_at, started_at, completed_at, tenant_id, app_id";

    private readonly string _connectionString = SqliteConnections.ConnectionString(databasePath);

    public async Task EnqueueAsync(NewAddEvent added, IdempotentCompletion? idempotency, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = Timestamps.ToUnixMicroseconds(Timestamps.Now(clock));
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"""
                INSERT INTO memory_events (id, event_type, status, scope_key, tenant_id, user_id, agent_id, run_id, app_id, payload, available_at, actor_key_id, trace_id, created_at, updated_at)
                VALUES (@id, '{AddEventRecord.AddType}', 'PENDING', @scope_key, @tenant_id, @user_id, @agent_id, @run_id, @app_id, @payload, @now, @actor, @trace, @now, @now)
                """;
            command.Parameters.AddWithValue("@id", added.Id.ToString());
            command.Parameters.AddWithValue("@scope_key", added.Scope.LockKey);
            SqliteScopeClauses.AddValues(command, added.Scope);
            command.Parameters.AddWithValue("@payload", added.Payload);
            command.Parameters.AddWithValue("@now", now);
            command.Parameters.AddWithValue("@actor", (object?)added.ActorKeyId ?? DBNull.Value);
            command.Parameters.AddWithValue("@trace", (object?)added.TraceId ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (idempotency is not null)
        {
            await SqliteIdempotencyStore.CompleteAsync(connection, transaction, idempotency.Key, idempotency.Answer, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ClaimedAddEvent?> ClaimAsync(string worker, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        ClaimedAddEvent? claimed = null;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            // As in PostgreSQL: the first due event of its scope; an earlier open event of the same scope holds it back.
            command.CommandText = """
                UPDATE memory_events
                SET status = 'RUNNING', claim_token = claim_token + 1, attempts = attempts + 1, claimed_by = @worker,
                    lease_expires_at = @expires, started_at = COALESCE(started_at, @now), updated_at = @now
                WHERE id = (
                    SELECT c.id FROM memory_events c
                    WHERE ((c.status = 'PENDING' AND c.available_at <= @now) OR (c.status = 'RUNNING' AND c.lease_expires_at <= @now))
                      AND NOT EXISTS (SELECT 1 FROM memory_events p
                                      WHERE p.scope_key = c.scope_key AND p.seq < c.seq AND p.status IN ('PENDING', 'RUNNING'))
                    ORDER BY c.seq
                    LIMIT 1)
                RETURNING id, claim_token, attempts, payload, actor_key_id, trace_id
                """;
            // "now" is read after BEGIN IMMEDIATE took the write lock, so waiting for it does not make the lease stale.
            var now = Timestamps.Now(clock);
            command.Parameters.AddWithValue("@worker", worker);
            command.Parameters.AddWithValue("@now", Timestamps.ToUnixMicroseconds(now));
            command.Parameters.AddWithValue("@expires", Timestamps.ToUnixMicroseconds(now + lease));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                claimed = new ClaimedAddEvent(
                    Guid.Parse(reader.GetString(0)), reader.GetInt64(1), reader.GetInt32(2), reader.GetString(3), SqliteSql.NullableString(reader, 4), SqliteSql.NullableString(reader, 5));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return claimed;
    }

    public Task<bool> RenewAsync(Guid id, long token, TimeSpan lease, CancellationToken cancellationToken) =>
        ChangeClaimAsync(id, token, "lease_expires_at = @later", null, lease, cancellationToken);

    public Task<bool> RetryLaterAsync(Guid id, long token, string error, TimeSpan delay, CancellationToken cancellationToken) =>
        ChangeClaimAsync(id, token, "status = 'PENDING', error = @error, available_at = @later, lease_expires_at = NULL, claimed_by = NULL", error, delay, cancellationToken);

    public Task<bool> FailAsync(Guid id, long token, string error, CancellationToken cancellationToken) =>
        ChangeClaimAsync(id, token, "status = 'FAILED', error = @error, completed_at = @now, lease_expires_at = NULL", error, TimeSpan.Zero, cancellationToken);

    public async Task<AddEventRecord?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RecordColumns} FROM memory_events WHERE id = @id";
        command.Parameters.AddWithValue("@id", id.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return ReadRecord(reader, 0);
    }

    public async Task<IReadOnlyList<SequencedAddEvent>> ListUserEventsAsync(string tenant, string userId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT seq, {RecordColumns} FROM memory_events WHERE tenant_id = @tenant AND user_id = @user_id AND seq > @after ORDER BY seq LIMIT @limit";
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@user_id", userId);
        command.Parameters.AddWithValue("@after", afterSeq);
        command.Parameters.AddWithValue("@limit", limit);
        var events = new List<SequencedAddEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new SequencedAddEvent(reader.GetInt64(0), ReadRecord(reader, 1)));
        }

        return events;
    }

    public async Task<AddEventPage> ListEventsAsync(string tenant, string? actorKeyId, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // One read transaction: the count and the page see the same events even while others are being accepted.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var where = actorKeyId is null ? "WHERE tenant_id = @tenant" : "WHERE tenant_id = @tenant AND actor_key_id = @actor";
        long total;
        await using (var count = connection.CreateCommand())
        {
            count.Transaction = transaction;
            count.CommandText = $"SELECT count(*) FROM memory_events {where}";
            count.Parameters.AddWithValue("@tenant", tenant);
            count.Parameters.AddWithValue("@actor", (object?)actorKeyId ?? DBNull.Value);
            total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {RecordColumns} FROM memory_events {where} ORDER BY seq DESC LIMIT @limit OFFSET @offset";
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@actor", (object?)actorKeyId ?? DBNull.Value);
        command.Parameters.AddWithValue("@offset", offset);
        command.Parameters.AddWithValue("@limit", limit);
        var events = new List<AddEventRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(ReadRecord(reader, 0));
        }

        return new AddEventPage(total, events);
    }

    /// <summary>Reads <see cref="RecordColumns"/> starting at column <paramref name="first"/>.</summary>
    private static AddEventRecord ReadRecord(SqliteDataReader reader, int first) =>
        new(
            Guid.Parse(reader.GetString(first)),
            AddEventStatuses.Parse(reader.GetString(first + 1)),
            MemoryScope.Create(SqliteSql.NullableString(reader, first + 2), SqliteSql.NullableString(reader, first + 3), SqliteSql.NullableString(reader, first + 4), reader.GetString(first + 15), SqliteSql.NullableString(reader, first + 16)),
            reader.GetString(first + 5),
            SqliteSql.NullableString(reader, first + 6),
            SqliteSql.NullableString(reader, first + 7),
            reader.GetInt32(first + 8),
            SqliteSql.NullableString(reader, first + 9),
            SqliteSql.NullableString(reader, first + 10),
            Timestamps.FromUnixMicroseconds(reader.GetInt64(first + 11)),
            Timestamps.FromUnixMicroseconds(reader.GetInt64(first + 12)),
            reader.IsDBNull(first + 13) ? null : Timestamps.FromUnixMicroseconds(reader.GetInt64(first + 13)),
            reader.IsDBNull(first + 14) ? null : Timestamps.FromUnixMicroseconds(reader.GetInt64(first + 14)));

    /// <summary>Completes a claimed event inside the scope writer's commit; throws (rolling the commit back) when the
    /// claim is no longer current.</summary>
    public static async Task CompleteAsync(SqliteConnection connection, SqliteTransaction transaction, CompleteAddEvent complete, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE memory_events SET status = 'SUCCEEDED', results = @results, error = NULL, completed_at = @at, updated_at = @at, lease_expires_at = NULL
            WHERE id = @id AND claim_token = @token AND status = 'RUNNING'
            """;
        command.Parameters.AddWithValue("@id", complete.EventId.ToString());
        command.Parameters.AddWithValue("@token", complete.ClaimToken);
        command.Parameters.AddWithValue("@results", complete.Results);
        command.Parameters.AddWithValue("@at", Timestamps.ToUnixMicroseconds(complete.At));
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new AddEventClaimLostException(complete.EventId);
        }
    }

    private async Task<bool> ChangeClaimAsync(Guid id, long token, string set, string? error, TimeSpan delay, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var now = Timestamps.Now(clock);
        command.CommandText = $"UPDATE memory_events SET {set}, updated_at = @now WHERE id = @id AND claim_token = @token AND status = 'RUNNING'";
        command.Parameters.AddWithValue("@id", id.ToString());
        command.Parameters.AddWithValue("@token", token);
        command.Parameters.AddWithValue("@now", Timestamps.ToUnixMicroseconds(now));
        command.Parameters.AddWithValue("@later", Timestamps.ToUnixMicroseconds(now + delay));
        command.Parameters.AddWithValue("@error", (object?)error ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        SqliteConnections.OpenAsync(_connectionString, SqliteConnections.Defaults, cancellationToken);
}
