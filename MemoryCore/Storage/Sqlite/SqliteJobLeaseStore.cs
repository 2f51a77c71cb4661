using MemoryCore.Jobs;
using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>
/// Job leases in the SQLite file (see <see cref="IJobLeaseStore"/>). Each change is one statement whose WHERE clause is
/// the whole condition, run in an immediate transaction (SQLite's write lock, taken up front) together with the read
/// that reports the lease in the way, so the answer is exactly the state the statement saw.
/// </summary>
internal sealed class SqliteJobLeaseStore(string databasePath, TimeProvider clock) : IJobLeaseStore
{
    private const string LeaseColumns = "job, holder, token, acquired_at, expires_at";

    private readonly string _connectionString = SqliteConnections.ConnectionString(databasePath);

    public Task<LeaseResult> TryAcquireAsync(string job, string holder, TimeSpan ttl, CancellationToken cancellationToken) =>
        ChangeLeaseAsync(job, $"""
            INSERT INTO jobs (job, holder, token, acquired_at, expires_at) VALUES (@job, @holder, 1, @now, @expires)
            ON CONFLICT (job) DO UPDATE
                SET holder = excluded.holder, token = jobs.token + 1, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
                WHERE jobs.expires_at IS NULL OR jobs.expires_at <= excluded.acquired_at OR jobs.holder = excluded.holder
            RETURNING {LeaseColumns}
            """, command =>
        {
            // Read after BEGIN IMMEDIATE took the write lock, so time spent waiting for it does not make "now" stale.
            var now = Timestamps.Now(clock);
            command.Parameters.AddWithValue("@job", job);
            command.Parameters.AddWithValue("@holder", holder);
            command.Parameters.AddWithValue("@now", Timestamps.ToUnixMicroseconds(now));
            command.Parameters.AddWithValue("@expires", Timestamps.ToUnixMicroseconds(now + ttl));
        }, cancellationToken);

    public Task<LeaseResult> RenewAsync(string job, string holder, long token, TimeSpan ttl, CancellationToken cancellationToken) =>
        ChangeLeaseAsync(job, $"""
            UPDATE jobs SET expires_at = @expires
            WHERE job = @job AND holder = @holder AND token = @token AND expires_at IS NOT NULL
            RETURNING {LeaseColumns}
            """, command =>
        {
            AddGeneration(command, job, holder, token);
            command.Parameters.AddWithValue("@expires", Timestamps.ToUnixMicroseconds(Timestamps.Now(clock) + ttl));
        }, cancellationToken);

    public Task<LeaseResult> ReleaseAsync(string job, string holder, long token, CancellationToken cancellationToken) =>
        ChangeLeaseAsync(job, $"UPDATE jobs SET expires_at = NULL WHERE job = @job AND holder = @holder AND token = @token RETURNING {LeaseColumns}",
            command => AddGeneration(command, job, holder, token), cancellationToken);

    public async Task<JobCheckpoint> GetCheckpointAsync(string job, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await CheckpointAsync(connection, null, job, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CheckpointResult> WriteCheckpointAsync(string job, string holder, long token, long watermark, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE jobs SET watermark = @watermark, checkpoint_at = @now
                WHERE job = @job AND holder = @holder AND token = @token AND expires_at IS NOT NULL
                RETURNING job, watermark, checkpoint_at
                """;
            AddGeneration(command, job, holder, token);
            command.Parameters.AddWithValue("@watermark", watermark);
            command.Parameters.AddWithValue("@now", Timestamps.ToUnixMicroseconds(Timestamps.Now(clock)));
            if (await ReadCheckpointAsync(command, cancellationToken).ConfigureAwait(false) is { } written)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new CheckpointResult(true, written, null);
            }
        }

        var current = await CurrentLeaseAsync(connection, transaction, job, cancellationToken).ConfigureAwait(false);
        var checkpoint = await CheckpointAsync(connection, transaction, job, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new CheckpointResult(false, checkpoint, current);
    }

    /// <summary>Runs one lease statement; when it changes no row, reads the current lease in the same transaction.</summary>
    private async Task<LeaseResult> ChangeLeaseAsync(string job, string statement, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        JobLease? changed;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = statement;
            bind(command);
            changed = await ReadLeaseAsync(command, cancellationToken).ConfigureAwait(false);
        }

        var result = changed is not null
            ? new LeaseResult(true, changed)
            : new LeaseResult(false, await CurrentLeaseAsync(connection, transaction, job, cancellationToken).ConfigureAwait(false));
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static async Task<JobLease?> CurrentLeaseAsync(SqliteConnection connection, SqliteTransaction transaction, string job, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {LeaseColumns} FROM jobs WHERE job = @job";
        command.Parameters.AddWithValue("@job", job);
        return await ReadLeaseAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<JobCheckpoint> CheckpointAsync(SqliteConnection connection, SqliteTransaction? transaction, string job, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT job, watermark, checkpoint_at FROM jobs WHERE job = @job";
        command.Parameters.AddWithValue("@job", job);
        return await ReadCheckpointAsync(command, cancellationToken).ConfigureAwait(false) ?? new JobCheckpoint(job, null, null);
    }

    private static async Task<JobLease?> ReadLeaseAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new JobLease(
                reader.GetString(0), reader.GetString(1), reader.GetInt64(2), Timestamps.FromUnixMicroseconds(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : Timestamps.FromUnixMicroseconds(reader.GetInt64(4)))
            : null;
    }

    private static async Task<JobCheckpoint?> ReadCheckpointAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new JobCheckpoint(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? null : Timestamps.FromUnixMicroseconds(reader.GetInt64(2)))
            : null;
    }

    private static void AddGeneration(SqliteCommand command, string job, string holder, long token)
    {
        command.Parameters.AddWithValue("@job", job);
        command.Parameters.AddWithValue("@holder", holder);
        command.Parameters.AddWithValue("@token", token);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        SqliteConnections.OpenAsync(_connectionString, SqliteConnections.Defaults, cancellationToken);
}
