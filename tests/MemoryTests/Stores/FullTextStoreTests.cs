using MemoryTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MemoryTests.Stores;

public sealed class SqliteFullTextTests : FullTextConformanceTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();

    protected override async Task RemoveFullTextStructuresAsync()
    {
        var path = Path.Combine(((SqliteTestStore)TestStore).DataDir, "memory.db");
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DROP TRIGGER memories_fts_after_insert; DROP TRIGGER memories_fts_after_update; DROP TRIGGER memories_fts_after_delete;
            DROP TABLE memories_fts; DROP TABLE memories_fts_ids;
            """;
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class PostgresFullTextTests : FullTextConformanceTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();

    protected override async Task RemoveFullTextStructuresAsync()
    {
        var store = (PostgresTestStore)TestStore;
        await using var connection = new NpgsqlConnection(store.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"ALTER TABLE \"{store.Schema}\".memories DROP COLUMN memory_tsv", connection);
        await command.ExecuteNonQueryAsync();
    }
}
