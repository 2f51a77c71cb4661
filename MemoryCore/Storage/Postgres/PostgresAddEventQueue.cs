using MemoryCore.Events;
using MemoryCore.Idempotency;
using MemoryCore.Model;
using Npgsql;
using NpgsqlTypes;

namespace MemoryCore.Storage.Postgres;

/// <summary>
/// The add queue in PostgreSQL (see <see cref="IAddEventQueue"/>). A claim is one UPDATE over a sub-select with
/// FOR UPDATE SKIP LOCKED, so concurrent workers (in any number of processes) each take a different event without
/// waiting for each other; every later change names the claim token, so a worker whose claim was taken over changes nothing.
/// </summary>
internal sealed class PostgresAddEventQueue(NpgsqlDataSource dataSource, PostgresSql sql, TimeProvider clock) : IAddEventQueue
{
    private const string RecordColumns =
        "id, status, user_id, agent_id, run_id, payload, results, error, attempts, actor_key_id, trace_id, created_at, updated_at, started_at, completed_at, tenant_id, app_id";

    public async Task EnqueueAsync(NewAddEvent added, IdempotentCompletion? idempotency, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = Timestamps.Now(clock);
        await using (var command = new NpgsqlCommand($"""
            INSERT INTO {sql.Events} (id, event_type, status, scope_key, tenant_id, user_id, agent_id, run_id, app_id, payload, available_at, actor_key_id, trace_id, created_at, updated_at)
            VALUES (@id, '{AddEventRecord.AddType}', 'PENDING', @scope_key, @tenant_id, @user_id, @agent_id, @run_id, @app_id, @payload, @now, @actor, @trace, @now, @now)
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("id", added.Id);
            command.Parameters.AddWithValue("scope_key", added.Scope.LockKey);
            PostgresScopeClauses.AddValues(command.Parameters, added.Scope);
            command.Parameters.AddWithValue("payload", added.Payload);
            command.Parameters.Add(Time("now", now));
            command.Parameters.Add(new NpgsqlParameter("actor", NpgsqlDbType.Text) { Value = (object?)added.ActorKeyId ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("trace", NpgsqlDbType.Text) { Value = (object?)added.TraceId ?? DBNull.Value });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (idempotency is not null)
        {
            await PostgresIdempotencyStore.CompleteAsync(connection, transaction, sql, idempotency.Key, idempotency.Answer, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ClaimedAddEvent?> ClaimAsync(string worker, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var now = Timestamps.Now(clock);
        // The first event of its scope that is due: PENDING and available, or RUNNING with an expired lease. An earlier
        // open event of the same scope holds the later ones back (per-scope order).
        await using var command = new NpgsqlCommand($"""
            UPDATE {sql.Events} e
            SET status = 'RUNNING', claim_token = e.claim_token + 1, attempts = e.attempts + 1, claimed_by = @worker,
                lease_expires_at = @expires, started_at = COALESCE(e.started_at, @now), updated_at = @now
            WHERE e.id = (
                SELECT c.id FROM {sql.Events} c
                WHERE ((c.status = 'PENDING' AND c.available_at <= @now) OR (c.status = 'RUNNING' AND c.lease_expires_at <= @now))
                  AND NOT EXISTS (SELECT 1 FROM {sql.Events} p
                                  WHERE p.scope_key = c.scope_key AND p.seq < c.seq AND p.status IN ('PENDING', 'RUNNING'))
                ORDER BY c.seq
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING e.id, e.claim_token, e.attempts, e.payload, e.actor_key_id, e.trace_id
            """, connection);
        command.Parameters.AddWithValue("worker", worker);
        command.Parameters.Add(Time("now", now));
        command.Parameters.Add(Time("expires", now + lease));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new ClaimedAddEvent(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetString(3), PostgresSql.NullableString(reader, 4), PostgresSql.NullableString(reader, 5))
            : null;
    }

    public Task<bool> RenewAsync(Guid id, long token, TimeSpan lease, CancellationToken cancellationToken) =>
        ChangeClaimAsync(id, token, "lease_expires_at = @now + @delay", null, lease, cancellationToken);

    public Task<bool> RetryLaterAsync(Guid id, long token, string error, TimeSpan delay, CancellationToken cancellationToken) =>
        ChangeClaimAsync(id, token, "status = 'PENDING', error = @error, available_at = @now + @delay, lease_expires_at = NULL, claimed_by = NULL", error, delay, cancellationToken);

    public Task<bool> FailAsync(Guid id, long token, string error, CancellationToken cancellationToken) =>
        ChangeClaimAsync(id, token, "status = 'FAILED', error = @error, completed_at = @now, lease_expires_at = NULL", error, TimeSpan.Zero, cancellationToken);

    public async Task<AddEventRecord?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT {RecordColumns} FROM {sql.Events} WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return ReadRecord(reader, 0);
    }

    public async Task<IReadOnlyList<SequencedAddEvent>> ListUserEventsAsync(string tenant, string userId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT seq, {RecordColumns} FROM {sql.Events} WHERE tenant_id = @tenant AND user_id = @user_id AND seq > @after ORDER BY seq LIMIT @limit", connection);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("user_id", userId);
        command.Parameters.AddWithValue("after", afterSeq);
        command.Parameters.AddWithValue("limit", limit);
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
        // One statement, one snapshot: the count and the page agree even while events are being accepted. No index of its
        // own: the tenant's events are scanned, which a paged, occasional read affords. (An index on (tenant_id, seq)
        // slowed accepting adds enough to upset KillNineAsyncAddTests' timing; add one with that test made robust.)
        var where = actorKeyId is null ? "WHERE tenant_id = @tenant" : "WHERE tenant_id = @tenant AND actor_key_id = @actor";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT count(*) OVER (), {RecordColumns} FROM {sql.Events}
            {where}
            ORDER BY seq DESC OFFSET @offset LIMIT @limit
            """,
            connection);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("actor", (object?)actorKeyId ?? DBNull.Value);
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.AddWithValue("limit", limit);
        var events = new List<AddEventRecord>();
        long total = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                total = reader.GetInt64(0);
                events.Add(ReadRecord(reader, 1));
            }
        }

        if (events.Count == 0 && offset > 0)
        {
            // Past the last page the window function has no row to report the total on: count alone.
            await using var count = new NpgsqlCommand(
                $"SELECT count(*) FROM {sql.Events} {where}", connection);
            count.Parameters.AddWithValue("tenant", tenant);
            count.Parameters.AddWithValue("actor", (object?)actorKeyId ?? DBNull.Value);
            total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
        }

        return new AddEventPage(total, events);
    }

    /// <summary>Reads <see cref="RecordColumns"/> starting at column <paramref name="first"/>.</summary>
    private static AddEventRecord ReadRecord(NpgsqlDataReader reader, int first) =>
        new(
            reader.GetGuid(first),
            AddEventStatuses.Parse(reader.GetString(first + 1)),
            MemoryScope.Create(PostgresSql.NullableString(reader, first + 2), PostgresSql.NullableString(reader, first + 3), PostgresSql.NullableString(reader, first + 4), reader.GetString(first + 15), PostgresSql.NullableString(reader, first + 16)),
            reader.GetString(first + 5),
            PostgresSql.NullableString(reader, first + 6),
            PostgresSql.NullableString(reader, first + 7),
            reader.GetInt32(first + 8),
            PostgresSql.NullableString(reader, first + 9),
            PostgresSql.NullableString(reader, first + 10),
            Utc(reader.GetDateTime(first + 11)),
            Utc(reader.GetDateTime(first + 12)),
            reader.IsDBNull(first + 13) ? null : Utc(reader.GetDateTime(first + 13)),
            reader.IsDBNull(first + 14) ? null : Utc(reader.GetDateTime(first + 14)));

    /// <summary>The statement that completes a claimed event, for the scope writer's commit batch: it changes one row
    /// exactly when the claim is still current.</summary>
    public static NpgsqlBatchCommand Complete(PostgresSql sql, CompleteAddEvent complete)
    {
        var command = new NpgsqlBatchCommand($"""
            UPDATE {sql.Events} SET status = 'SUCCEEDED', results = @results, error = NULL, completed_at = @at, updated_at = @at, lease_expires_at = NULL
            WHERE id = @event_id AND claim_token = @token AND status = 'RUNNING'
            """);
        command.Parameters.Add(new NpgsqlParameter("event_id", NpgsqlDbType.Uuid) { Value = complete.EventId });
        command.Parameters.Add(new NpgsqlParameter("token", NpgsqlDbType.Bigint) { Value = complete.ClaimToken });
        command.Parameters.Add(new NpgsqlParameter("results", NpgsqlDbType.Text) { Value = complete.Results });
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = complete.At.UtcDateTime });
        return command;
    }

    private async Task<bool> ChangeClaimAsync(Guid id, long token, string set, string? error, TimeSpan delay, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"UPDATE {sql.Events} SET {set}, updated_at = @now WHERE id = @id AND claim_token = @token AND status = 'RUNNING'", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("token", token);
        command.Parameters.Add(Time("now", Timestamps.Now(clock)));
        command.Parameters.Add(new NpgsqlParameter("delay", NpgsqlDbType.Interval) { Value = delay });
        command.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)error ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static NpgsqlParameter Time(string name, DateTimeOffset value) => new(name, NpgsqlDbType.TimestampTz) { Value = value.UtcDateTime };

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
