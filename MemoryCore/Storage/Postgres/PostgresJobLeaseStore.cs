using MemoryCore.Jobs;
using MemoryCore.Model;
using Npgsql;
using NpgsqlTypes;

namespace MemoryCore.Storage.Postgres;

/// <summary>
/// Job leases in PostgreSQL (see <see cref="IJobLeaseStore"/>). Each change is one statement whose WHERE clause is the
/// whole condition (free or expired or same holder; or the caller's generation), so row locking makes it atomic
/// across API instances without advisory locks. A refusal is followed by a read of the lease in the way, which only
/// informs the caller and decides nothing.
/// </summary>
internal sealed class PostgresJobLeaseStore(NpgsqlDataSource dataSource, PostgresSql sql, TimeProvider clock) : IJobLeaseStore
{
    private const string LeaseColumns = "job, holder, token, acquired_at, expires_at";

    /// <summary>A refused acquisition whose blocker has gone by the time it is read is tried again, this many times in all.</summary>
    private const int AcquireAttempts = 3;

    public async Task<LeaseResult> TryAcquireAsync(string job, string holder, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var now = Timestamps.Now(clock);
            await using var command = new NpgsqlCommand($"""
                INSERT INTO {sql.Jobs} AS j (job, holder, token, acquired_at, expires_at) VALUES (@job, @holder, 1, @now, @expires)
                ON CONFLICT (job) DO UPDATE
                    SET holder = EXCLUDED.holder, token = j.token + 1, acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at
                    WHERE j.expires_at IS NULL OR j.expires_at <= EXCLUDED.acquired_at OR j.holder = EXCLUDED.holder
                RETURNING {LeaseColumns}
                """, connection);
            command.Parameters.AddWithValue("job", job);
            command.Parameters.AddWithValue("holder", holder);
            AddTime(command, "now", now);
            AddTime(command, "expires", now + ttl);
            if (await ReadLeaseAsync(command, cancellationToken).ConfigureAwait(false) is { } acquired)
            {
                return new LeaseResult(true, acquired);
            }

            var current = await CurrentLeaseAsync(connection, job, cancellationToken).ConfigureAwait(false);
            if (current?.IsHeldAt(Timestamps.Now(clock)) != false || attempt == AcquireAttempts)
            {
                return new LeaseResult(false, current);
            }
        }
    }

    public async Task<LeaseResult> RenewAsync(string job, string holder, long token, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"""
            UPDATE {sql.Jobs} SET expires_at = @expires
            WHERE job = @job AND holder = @holder AND token = @token AND expires_at IS NOT NULL
            RETURNING {LeaseColumns}
            """, connection);
        AddGeneration(command, job, holder, token);
        AddTime(command, "expires", Timestamps.Now(clock) + ttl);
        return await ResultAsync(connection, command, job, cancellationToken).ConfigureAwait(false);
    }

    public async Task<LeaseResult> ReleaseAsync(string job, string holder, long token, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"UPDATE {sql.Jobs} SET expires_at = NULL WHERE job = @job AND holder = @holder AND token = @token RETURNING {LeaseColumns}", connection);
        AddGeneration(command, job, holder, token);
        return await ResultAsync(connection, command, job, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JobCheckpoint> GetCheckpointAsync(string job, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await CheckpointAsync(connection, job, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CheckpointResult> WriteCheckpointAsync(string job, string holder, long token, long watermark, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand($"""
            UPDATE {sql.Jobs} SET watermark = @watermark, checkpoint_at = @now
            WHERE job = @job AND holder = @holder AND token = @token AND expires_at IS NOT NULL
            RETURNING job, watermark, checkpoint_at
            """, connection))
        {
            AddGeneration(command, job, holder, token);
            command.Parameters.AddWithValue("watermark", watermark);
            AddTime(command, "now", Timestamps.Now(clock));
            if (await ReadCheckpointAsync(command, cancellationToken).ConfigureAwait(false) is { } written)
            {
                return new CheckpointResult(true, written, null);
            }
        }

        var current = await CurrentLeaseAsync(connection, job, cancellationToken).ConfigureAwait(false);
        return new CheckpointResult(false, await CheckpointAsync(connection, job, cancellationToken).ConfigureAwait(false), current);
    }

    private async Task<JobCheckpoint> CheckpointAsync(NpgsqlConnection connection, string job, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT job, watermark, checkpoint_at FROM {sql.Jobs} WHERE job = @job", connection);
        command.Parameters.AddWithValue("job", job);
        return await ReadCheckpointAsync(command, cancellationToken).ConfigureAwait(false) ?? new JobCheckpoint(job, null, null);
    }

    private async Task<LeaseResult> ResultAsync(NpgsqlConnection connection, NpgsqlCommand command, string job, CancellationToken cancellationToken) =>
        await ReadLeaseAsync(command, cancellationToken).ConfigureAwait(false) is { } lease
            ? new LeaseResult(true, lease)
            : new LeaseResult(false, await CurrentLeaseAsync(connection, job, cancellationToken).ConfigureAwait(false));

    private async Task<JobLease?> CurrentLeaseAsync(NpgsqlConnection connection, string job, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {LeaseColumns} FROM {sql.Jobs} WHERE job = @job", connection);
        command.Parameters.AddWithValue("job", job);
        return await ReadLeaseAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<JobLease?> ReadLeaseAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new JobLease(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), Utc(reader.GetDateTime(3)), reader.IsDBNull(4) ? null : Utc(reader.GetDateTime(4)))
            : null;
    }

    private static async Task<JobCheckpoint?> ReadCheckpointAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new JobCheckpoint(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? null : Utc(reader.GetDateTime(2)))
            : null;
    }

    private static void AddGeneration(NpgsqlCommand command, string job, string holder, long token)
    {
        command.Parameters.AddWithValue("job", job);
        command.Parameters.AddWithValue("holder", holder);
        command.Parameters.AddWithValue("token", token);
    }

    private static void AddTime(NpgsqlCommand command, string name, DateTimeOffset value) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = value.UtcDateTime });

    private static DateTimeOffset Utc(DateTime value) => new(value, TimeSpan.Zero);
}
