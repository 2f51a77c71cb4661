using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>
/// How every part of the SQLite store (memories, graph, job leases) opens the one file: pooled connections that wait
/// up to 30 s for another writer's lock instead of failing at once with SQLITE_BUSY.
/// </summary>
internal static class SqliteConnections
{
    public const string BusyTimeout = "PRAGMA busy_timeout = 30000;";

    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>Opens a connection and applies <paramref name="pragmas"/> (per-connection settings).</summary>
    public static async Task<SqliteConnection> OpenAsync(string connectionString, string pragmas, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = pragmas;
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }
}
