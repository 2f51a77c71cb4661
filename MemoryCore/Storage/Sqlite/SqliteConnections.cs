using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>
/// How every part of the SQLite store (memories, graph, job leases) opens the one file: pooled connections that wait
/// up to 30 s for another writer's lock instead of failing at once with SQLITE_BUSY, and read the file through a
/// memory map.
/// </summary>
internal static class SqliteConnections
{
    /// <summary>
    /// Every connection's settings. The memory map (up to 256 MiB of the file): a search scans its scope's rows, and
    /// through each connection's own 2 MB page cache a 5,000-memory scope (9 MB of rows) was read again with a system
    /// call per page on every search; mapped, the rows come from the OS cache all connections share (the scan of such a
    /// scope, sqlite3 CLI: 9-11 ms against 2 ms, docs/benchmarks.md). Writes still go through SQLite's normal path.
    /// </summary>
    public const string Defaults = "PRAGMA busy_timeout = 30000; PRAGMA mmap_size = 268435456;";

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
