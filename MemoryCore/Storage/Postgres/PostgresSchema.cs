using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MemoryCore.Storage.Postgres;

/// <summary>
/// Applies the schema idempotently at start-up under an advisory lock, so that several instances starting
/// together neither race on CREATE EXTENSION nor on the tables. Runs on a plain connection opened before the
/// vector-aware data source's first use, because Npgsql loads the database's types when that source first
/// connects and the vector type must exist by then.
/// </summary>
internal static class PostgresSchema
{
    public static async Task<Version> ApplyAsync(
        string connectionString, PostgresSql sql, EmbeddingIdentity embedding, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var lockKey = LockKey("memory-schema:" + sql.Schema);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({lockKey})", cancellationToken).ConfigureAwait(false);
        try
        {
            // The extension is database-wide while the lock above is per schema: stores of two schemas starting
            // together on a fresh database would both try to create it. A database-wide lock serialises just this
            // step; three separate statements, so that CREATE EXTENSION has committed before the lock is released.
            await ExecuteAsync(connection, $"SELECT pg_advisory_lock({ExtensionLockKey})", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS vector", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({ExtensionLockKey})", cancellationToken).ConfigureAwait(false);
            var dimensions = embedding.Dimensions.ToString(CultureInfo.InvariantCulture);
            await ExecuteAsync(connection, Render("schema.sql", sql, dimensions), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, Render("privacy.sql", sql, dimensions), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, Render("apikeys.sql", sql, dimensions), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, Render("turns.sql", sql, dimensions), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, Render("fulltext.sql", sql, dimensions), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, Render("graph.sql", sql, dimensions), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, Render("jobs.sql", sql, dimensions), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, Render("events.sql", sql, dimensions), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, Render("tenants.sql", sql, dimensions), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, Render("appid.sql", sql, dimensions), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, Render("categories.sql", sql, dimensions), cancellationToken).ConfigureAwait(false);
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                await StoreInfo.CheckOrRecordAsync(
                    key => ReadInfoAsync(connection, sql, key, cancellationToken),
                    (key, value) => WriteInfoAsync(connection, sql, key, value, cancellationToken),
                    embedding, $"PostgreSQL schema {sql.Schema}", logger).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            if (embedding.Dimensions <= 2000)
            {
                await ExecuteAsync(connection, Render("hnsw.sql", sql, dimensions), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                logger.LogWarning("{Dimensions}-dimensional vectors exceed pgvector's HNSW limit of 2,000: searches use exact scans", embedding.Dimensions);
            }

            return await VectorVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Releases the schema lock, and the extension lock too if creating the extension failed half-way.
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock_all()", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static readonly long ExtensionLockKey = LockKey("memory-extension:vector");

    /// <summary>A stable 64-bit advisory lock key for a string.</summary>
    public static long LockKey(string value) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0);

    private static string Render(string file, PostgresSql sql, string dimensions) =>
        EmbeddedSql.Load("MemoryCore.Postgres." + file).Replace("{schema}", sql.Schema, StringComparison.Ordinal).Replace("{dimensions}", dimensions, StringComparison.Ordinal);

    private static async Task<Version> VectorVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT extversion FROM pg_extension WHERE extname = 'vector'", connection);
        var text = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? "0.0";
        return Version.TryParse(text, out var version) ? version : new Version(0, 0);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<string?> ReadInfoAsync(NpgsqlConnection connection, PostgresSql sql, string key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT value FROM {sql.Schema}.store_info WHERE key = @key", connection);
        command.Parameters.AddWithValue("key", key);
        return (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static async Task WriteInfoAsync(NpgsqlConnection connection, PostgresSql sql, string key, string value, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {sql.Schema}.store_info (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", connection);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("value", value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
