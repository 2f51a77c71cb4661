using MemoryCore.Idempotency;
using MemoryCore.Model;
using Npgsql;
using NpgsqlTypes;

namespace MemoryCore.Storage.Postgres;

/// <summary>Idempotency keys in PostgreSQL (see <see cref="IIdempotencyStore"/>). The primary key (caller, key) decides
/// which of concurrent duplicates runs: the INSERT ... ON CONFLICT takes a free, expired or abandoned row in one statement.</summary>
internal sealed class PostgresIdempotencyStore(NpgsqlDataSource dataSource, PostgresSql sql, TimeProvider clock) : IIdempotencyStore
{
    public async Task<IdempotencyBegin> BeginAsync(IdempotencyKey key, TimeSpan inFlight, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var now = Timestamps.Now(clock);
        await using (var take = new NpgsqlCommand($"""
            INSERT INTO {sql.IdempotencyKeys} AS k (actor_key_id, idempotency_key, fingerprint, tenant_id, user_id, state, lease_expires_at, created_at, expires_at)
            VALUES (@actor, @key, @fingerprint, @tenant_id, @user_id, 'IN_FLIGHT', @lease, @now, @expires)
            ON CONFLICT (actor_key_id, idempotency_key) DO UPDATE
                SET fingerprint = EXCLUDED.fingerprint, tenant_id = EXCLUDED.tenant_id, user_id = EXCLUDED.user_id, state = 'IN_FLIGHT', status_code = NULL, response_body = NULL, location = NULL,
                    lease_expires_at = EXCLUDED.lease_expires_at, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
                WHERE k.expires_at <= EXCLUDED.created_at
                   OR (k.state = 'IN_FLIGHT' AND k.lease_expires_at <= EXCLUDED.created_at AND k.fingerprint = EXCLUDED.fingerprint)
            RETURNING 1
            """, connection))
        {
            AddKey(take.Parameters, key);
            take.Parameters.Add(new NpgsqlParameter("fingerprint", NpgsqlDbType.Text) { Value = key.Fingerprint });
            take.Parameters.Add(new NpgsqlParameter("tenant_id", NpgsqlDbType.Text) { Value = key.Tenant });
            take.Parameters.Add(new NpgsqlParameter("user_id", NpgsqlDbType.Text) { Value = (object?)key.UserId ?? DBNull.Value });
            take.Parameters.Add(Time("now", now));
            take.Parameters.Add(Time("lease", now + inFlight));
            take.Parameters.Add(Time("expires", now + ttl));
            if (await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                return new IdempotencyBegin(IdempotencyOutcome.Started);
            }
        }

        await using var read = new NpgsqlCommand(
            $"SELECT fingerprint, state, status_code, response_body, location FROM {sql.IdempotencyKeys} WHERE actor_key_id = @actor AND idempotency_key = @key", connection);
        AddKey(read.Parameters, key);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Purged between the two statements: as if another request held it a moment ago; the caller retries.
            return new IdempotencyBegin(IdempotencyOutcome.InProgress);
        }

        return IdempotencyRows.Outcome(
            key, reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2),
            reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
    }

    public async Task CompleteAsync(IdempotencyKey key, IdempotentAnswer answer, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await CompleteAsync(connection, null, sql, key, answer, cancellationToken).ConfigureAwait(false);
    }

    public async Task AbandonAsync(IdempotencyKey key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"DELETE FROM {sql.IdempotencyKeys} WHERE actor_key_id = @actor AND idempotency_key = @key AND fingerprint = @fingerprint AND state = 'IN_FLIGHT'", connection);
        AddKey(command.Parameters, key);
        command.Parameters.Add(new NpgsqlParameter("fingerprint", NpgsqlDbType.Text) { Value = key.Fingerprint });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DELETE FROM {sql.IdempotencyKeys} WHERE expires_at <= @now", connection);
        command.Parameters.Add(Time("now", Timestamps.Now(clock)));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records the answer on the caller's IN_FLIGHT row, in <paramref name="transaction"/> when given (the async
    /// add's enqueue, so the event and its answer commit together).</summary>
    public static async Task CompleteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, PostgresSql sql, IdempotencyKey key, IdempotentAnswer answer, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            UPDATE {sql.IdempotencyKeys} SET state = 'DONE', status_code = @status, response_body = @body, location = @location
            WHERE actor_key_id = @actor AND idempotency_key = @key AND fingerprint = @fingerprint AND state = 'IN_FLIGHT'
            """, connection, transaction);
        AddKey(command.Parameters, key);
        command.Parameters.Add(new NpgsqlParameter("fingerprint", NpgsqlDbType.Text) { Value = key.Fingerprint });
        command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Integer) { Value = answer.StatusCode });
        command.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Text) { Value = answer.Body });
        command.Parameters.Add(new NpgsqlParameter("location", NpgsqlDbType.Text) { Value = (object?)answer.Location ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddKey(NpgsqlParameterCollection parameters, IdempotencyKey key)
    {
        parameters.Add(new NpgsqlParameter("actor", NpgsqlDbType.Text) { Value = key.ActorKeyId });
        parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = key.Key });
    }

    private static NpgsqlParameter Time(string name, DateTimeOffset value) => new(name, NpgsqlDbType.TimestampTz) { Value = value.UtcDateTime };
}
