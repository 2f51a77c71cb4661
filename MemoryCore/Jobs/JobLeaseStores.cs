using MemoryCore.Storage;
using MemoryCore.Storage.Postgres;
using MemoryCore.Storage.Sqlite;

namespace MemoryCore.Jobs;

/// <summary>The lease store that lives beside the configured memory store, in the same database (its tables are
/// created with the memory store's schema at start-up).</summary>
internal static class JobLeaseStores
{
    public static IJobLeaseStore For(IMemoryStore store, TimeProvider clock) => store switch
    {
        PostgresMemoryStore postgres => new PostgresJobLeaseStore(postgres.DataSource, postgres.Sql, clock),
        SqliteMemoryStore sqlite => new SqliteJobLeaseStore(sqlite.DatabasePath, clock),
        var other => throw new InvalidOperationException($"No job lease store for store {other.GetType().Name}."),
    };
}
