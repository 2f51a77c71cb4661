using MemoryCore.Idempotency;
using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>Idempotency keys in the SQLite file (see <see cref="IIdempotencyStore"/>); the same upsert as PostgreSQL's,
/// the take and the read of a refused key in one BEGIN IMMEDIATE transaction.</summary>
internal sealed class SqliteIdempotencyStore(string databasePath, TimeProvider clock) : IIdempotencyStore
{
    private readonly string _connectionString = SqliteConnections.ConnectionString(databasePath);

    public async Task<IdempotencyBegin> BeginAsync(IdempotencyKey key, TimeSpan inFlight, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = Timestamps.Now(clock);
        await using (var take = connection.CreateCommand())
        {
            take.Transaction = transaction;
            take.CommandText = """
                INSERT INTO idempotency_keys (actor_key_id, idempotency_key, fingerprint, tenant_id, user_id, state, lease_expires_at, created_at, expires_at)
                VALUES (@actor, @key, @fingerprint, @tenant_id, @user_id, 'IN_FLIGHT', @lease, @now, @expires)
                ON CONFLICT (actor_key_id, idempotency_key) DO UPDATE
                    SET fingerprint = excluded.fingerprint, tenant_id = excluded.tenant_id, user_id = excluded.user_id, state = 'IN_FLIGHT', status_code = NULL, response_body = NULL, location = NULL,
                        lease_expires_at = excluded.lease_expires_at, created_at = excluded.created_at, expires_at = excluded.expires_at
                    WHERE idempotency_keys.expires_at <= excluded.created_at
                       OR (idempotency_keys.state = 'IN_FLIGHT' AND idempotency_keys.lease_expires_at <= excluded.created_at
                           AND idempotency_keys.fingerprint = excluded.fingerprint)
                RETURNING 1
                """;
            AddKey(take, key);
            take.Parameters.AddWithValue("@fingerprint", key.Fingerprint);
            take.Parameters.AddWithValue("@tenant_id", key.Tenant);
            take.Parameters.AddWithValue("@user_id", (object?)key.UserId ?? DBNull.Value);
            take.Parameters.AddWithValue("@now", Timestamps.ToUnixMicroseconds(now));
            take.Parameters.AddWithValue("@lease", Timestamps.ToUnixMicroseconds(now + inFlight));
            take.Parameters.AddWithValue("@expires", Timestamps.ToUnixMicroseconds(now + ttl));
            if (await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new IdempotencyBegin(IdempotencyOutcome.Started);
            }
        }

        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT fingerprint, state, status_code, response_body, location FROM idempotency_keys WHERE actor_key_id = @actor AND idempotency_key = @key";
        AddKey(read, key);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return new IdempotencyBegin(IdempotencyOutcome.InProgress);
        }

        return IdempotencyRows.Outcome(
            key, reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2),
            reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
    }

    public async Task CompleteAsync(IdempotencyKey key, IdempotentAnswer answer, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await CompleteAsync(connection, null, key, answer, cancellationToken).ConfigureAwait(false);
    }

    public async Task AbandonAsync(IdempotencyKey key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM idempotency_keys WHERE actor_key_id = @actor AND idempotency_key = @key AND fingerprint = @fingerprint AND state = 'IN_FLIGHT'";
        AddKey(command, key);
        command.Parameters.AddWithValue("@fingerprint", key.Fingerprint);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM idempotency_keys WHERE expires_at <= @now";
        command.Parameters.AddWithValue("@now", Timestamps.ToUnixMicroseconds(Timestamps.Now(clock)));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task CompleteAsync(
        SqliteConnection connection, SqliteTransaction? transaction, IdempotencyKey key, IdempotentAnswer answer, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE idempotency_keys SET state = 'DONE', status_code = @status, response_body = @body, location = @location
            WHERE actor_key_id = @actor AND idempotency_key = @key AND fingerprint = @fingerprint AND state = 'IN_FLIGHT'
            """;
        AddKey(command, key);
        command.Parameters.AddWithValue("@fingerprint", key.Fingerprint);
        command.Parameters.AddWithValue("@status", answer.StatusCode);
        command.Parameters.AddWithValue("@body", answer.Body);
        command.Parameters.AddWithValue("@location", (object?)answer.Location ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddKey(SqliteCommand command, IdempotencyKey key)
    {
        command.Parameters.AddWithValue("@actor", key.ActorKeyId);
        command.Parameters.AddWithValue("@key", key.Key);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        SqliteConnections.OpenAsync(_connectionString, SqliteConnections.Defaults, cancellationToken);
}
