using MemoryCore.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
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

    /// <summary>Runs raw SQL on the store's database, for tests that check rows directly. <c>{s}</c> before a table
    /// name stands for the schema qualifier (PostgreSQL's test schema, nothing on SQLite). Returns every row.</summary>
    public abstract Task<IReadOnlyList<object?[]>> QueryAsync(string sql);

    protected static async Task<IReadOnlyList<object?[]>> ReadAllAsync(System.Data.Common.DbCommand command)
    {
        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}

public sealed class SqliteTestStore : TestStore
{
    private readonly string _directory = Directory.CreateTempSubdirectory("memory-sqlite-").FullName;

    public override string Name => "sqlite";

    public string DataDir => _directory;

    public override IMemoryStore Create(EmbeddingIdentity identity, StoreOptions? options = null) =>
        new SqliteMemoryStore(Path.Combine(_directory, "memory.db"), identity, TimeProvider.System, NullLogger<SqliteMemoryStore>.Instance);

    public override async Task<IReadOnlyList<object?[]>> QueryAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "memory.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql.Replace("{s}", string.Empty, StringComparison.Ordinal);
        return await ReadAllAsync(command);
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
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

    public override async Task<IReadOnlyList<object?[]>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{s}", $"\"{Schema}\".", StringComparison.Ordinal), connection);
        return await ReadAllAsync(command);
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
