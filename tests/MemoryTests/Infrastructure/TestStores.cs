using MemoryCore.Storage;
using MemoryCore.Storage.Postgres;
using MemoryCore.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemoryTests.Infrastructure;

/// <summary>Creates a real store of either kind in isolation (its own SQLite file or PostgreSQL schema) and removes it afterwards.</summary>
public abstract class TestStore : IAsyncDisposable
{
    public abstract string Name { get; }

    public abstract IMemoryStore Create(EmbeddingIdentity identity, StoreOptions? options = null);

    public abstract ValueTask DisposeAsync();
}

public sealed class SqliteTestStore : TestStore
{
    private readonly string _directory = Directory.CreateTempSubdirectory("memory-sqlite-").FullName;

    public override string Name => "sqlite";

    public string DataDir => _directory;

    public override IMemoryStore Create(EmbeddingIdentity identity, StoreOptions? options = null) =>
        new SqliteMemoryStore(Path.Combine(_directory, "memory.db"), identity, TimeProvider.System, NullLogger<SqliteMemoryStore>.Instance);

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a pooled connection; the OS temp folder is cleaned eventually.
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresTestStore : TestStore
{
    private readonly List<IAsyncDisposable> _created = [];

    public PostgresTestStore()
    {
        ConnectionString = TestPostgres.RequireConnectionString();
        Schema = TestPostgres.NewSchema();
    }

    public override string Name => "postgres";

    public string ConnectionString { get; }

    public string Schema { get; }

    public override IMemoryStore Create(EmbeddingIdentity identity, StoreOptions? options = null)
    {
        options ??= new StoreOptions();
        options.PostgresSchema = Schema;
        var store = new PostgresMemoryStore(ConnectionString, options, identity, TimeProvider.System, NullLogger<PostgresMemoryStore>.Instance);
        _created.Add(store);
        return store;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var store in _created)
        {
            await store.DisposeAsync();
        }

        await TestPostgres.DropSchemaAsync(ConnectionString, Schema);
    }
}
