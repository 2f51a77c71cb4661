using MemoryCore.Storage;
using MemoryCore.Storage.Postgres;
using MemoryTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MemoryTests.Stores;

/// <summary>The store's sessions run without JIT compilation (it cost hundreds of milliseconds a graph search) and prepare
/// the statements they repeat (planning was most of a graph search's database time), unless the connection string
/// chooses otherwise.</summary>
public sealed class PostgresSessionSettingsTests
{
    private static async Task<T> OnStoreSessionAsync<T>(string connectionString, Func<NpgsqlConnection, Task<T>> read)
    {
        var store = new PostgresMemoryStore(connectionString, new StoreOptions { PostgresSchema = "session_" + Guid.NewGuid().ToString("N")[..8] }, StoreTestData.Identity, TimeProvider.System, NullLogger<PostgresMemoryStore>.Instance);
        try
        {
            await using var connection = await store.DataSource.OpenConnectionAsync();
            return await read(connection);
        }
        finally
        {
            await store.DisposeAsync();
        }
    }

    private static Task<string> JitOfStoreSessionAsync(string connectionString) =>
        OnStoreSessionAsync(connectionString, async connection =>
        {
            await using var command = new NpgsqlCommand("SHOW jit", connection);
            return (string)(await command.ExecuteScalarAsync())!;
        });

    /// <summary>Runs one parameterised statement ten times on a store session, then counts the session's server-side
    /// prepared statements.</summary>
    private static Task<long> PreparedAfterRepeatsAsync(string connectionString) =>
        OnStoreSessionAsync(connectionString, async connection =>
        {
            for (var i = 0; i < 10; i++)
            {
                await using var repeated = new NpgsqlCommand("SELECT @n::int + 1", connection) { Parameters = { new NpgsqlParameter("n", i) } };
                await repeated.ExecuteScalarAsync();
            }

            await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements", connection);
            return (long)(await count.ExecuteScalarAsync())!;
        });

    [Fact]
    public async Task Store_sessions_run_without_jit_unless_the_connection_string_says_otherwise()
    {
        var server = TestPostgres.RequireConnectionString();

        Assert.Equal("off", await JitOfStoreSessionAsync(server));
        Assert.Equal("on", await JitOfStoreSessionAsync(new NpgsqlConnectionStringBuilder(server) { Options = "-c jit=on" }.ConnectionString));
        Assert.Equal("off", await JitOfStoreSessionAsync(new NpgsqlConnectionStringBuilder(server) { Options = "-c statement_timeout=60000" }.ConnectionString));
    }

    [Fact]
    public async Task Store_sessions_prepare_repeated_statements_unless_the_connection_string_turns_it_off()
    {
        var server = TestPostgres.RequireConnectionString();

        Assert.True(await PreparedAfterRepeatsAsync(server) >= 1);
        Assert.Equal(0, await PreparedAfterRepeatsAsync(new NpgsqlConnectionStringBuilder(server) { MaxAutoPrepare = 0 }.ConnectionString));
    }
}
