using MemoryCore.Storage;
using MemoryCore.Storage.Postgres;
using MemoryTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MemoryTests.Stores;

/// <summary>The store's sessions run without JIT compilation (it cost hundreds of milliseconds a graph search), unless
/// the connection string's Options choose otherwise.</summary>
public sealed class PostgresSessionSettingsTests
{
    private static async Task<string> JitOfStoreSessionAsync(string connectionString)
    {
        var store = new PostgresMemoryStore(connectionString, new StoreOptions { PostgresSchema = "jit_" + Guid.NewGuid().ToString("N")[..8] }, StoreTestData.Identity, TimeProvider.System, NullLogger<PostgresMemoryStore>.Instance);
        try
        {
            await using var connection = await store.DataSource.OpenConnectionAsync();
            await using var command = new NpgsqlCommand("SHOW jit", connection);
            return (string)(await command.ExecuteScalarAsync())!;
        }
        finally
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Store_sessions_run_without_jit_unless_the_connection_string_says_otherwise()
    {
        var server = TestPostgres.RequireConnectionString();

        Assert.Equal("off", await JitOfStoreSessionAsync(server));
        Assert.Equal("on", await JitOfStoreSessionAsync(new NpgsqlConnectionStringBuilder(server) { Options = "-c jit=on" }.ConnectionString));
        Assert.Equal("off", await JitOfStoreSessionAsync(new NpgsqlConnectionStringBuilder(server) { Options = "-c statement_timeout=60000" }.ConnectionString));
    }
}
