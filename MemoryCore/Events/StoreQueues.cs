using MemoryCore.Idempotency;
using MemoryCore.Storage;
using MemoryCore.Storage.Postgres;
using MemoryCore.Storage.Sqlite;

namespace MemoryCore.Events;

/// <summary>The add queue and the idempotency keys that live beside the configured memory store, in the same database
/// (their tables are created with the store's schema at start-up), so an event and the memories it writes share a transaction.</summary>
public static class StoreQueues
{
    public static IAddEventQueue Events(IMemoryStore store, TimeProvider clock) => store switch
    {
        PostgresMemoryStore postgres => new PostgresAddEventQueue(postgres.DataSource, postgres.Sql, clock),
        SqliteMemoryStore sqlite => new SqliteAddEventQueue(sqlite.DatabasePath, clock),
        var other => throw new InvalidOperationException($"No add event queue for store {other.GetType().Name}."),
    };

    public static IIdempotencyStore Idempotency(IMemoryStore store, TimeProvider clock) => store switch
    {
        PostgresMemoryStore postgres => new PostgresIdempotencyStore(postgres.DataSource, postgres.Sql, clock),
        SqliteMemoryStore sqlite => new SqliteIdempotencyStore(sqlite.DatabasePath, clock),
        var other => throw new InvalidOperationException($"No idempotency store for store {other.GetType().Name}."),
    };
}
