using MemoryCore.Storage;
using MemoryCore.Storage.Postgres;
using MemoryTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MemoryTests.Stores;

/// <summary>Several stores (different schemas) starting at once on a database without pgvector yet:
/// the database-wide CREATE EXTENSION must not race.</summary>
public sealed class PostgresFreshDatabaseTests
{
    [Fact]
    public async Task Stores_of_several_schemas_start_together_on_a_fresh_database()
    {
        var server = TestPostgres.RequireConnectionString();
        var database = "fresh_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(server, $"CREATE DATABASE {database}");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        var stores = Enumerable.Range(0, 6)
            .Select(i => new PostgresMemoryStore(connectionString, new StoreOptions { PostgresSchema = $"s{i}" }, StoreTestData.Identity, TimeProvider.System, NullLogger<PostgresMemoryStore>.Instance))
            .ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => s.InitializeAsync(CancellationToken.None)));

            foreach (var store in stores)
            {
                await store.CheckHealthAsync(CancellationToken.None);
            }
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }

            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
