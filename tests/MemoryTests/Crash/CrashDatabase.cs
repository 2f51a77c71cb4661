using System.Data.Common;
using MemoryTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MemoryTests.Crash;

/// <summary>Reads a store's tables directly (not through the API under test), for the crash test's counts.</summary>
internal sealed class CrashDatabase(TestStore store)
{
    /// <summary>The MemoryApi settings that point a process at this store.</summary>
    public IReadOnlyDictionary<string, string> Settings => store switch
    {
        SqliteTestStore sqlite => new Dictionary<string, string> { ["MEMORY_DATA_DIR"] = sqlite.DataDir },
        PostgresTestStore postgres => new Dictionary<string, string>
        {
            ["ConnectionStrings__memorydb"] = postgres.ConnectionString,
            ["Store__PostgresSchema"] = postgres.Schema,
        },
        _ => throw new InvalidOperationException(store.Name),
    };

    public async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql.Replace("{t}", store is PostgresTestStore postgres ? $"\"{postgres.Schema}\"." : string.Empty, StringComparison.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
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

    /// <summary>Events per status; an absent table (the store not created yet) counts nothing.</summary>
    public async Task<Dictionary<string, long>> StatusCountsAsync() =>
        (await QueryAsync("SELECT status, COUNT(*) FROM {t}memory_events GROUP BY status"))
            .ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture));

    public async Task<long> CountAsync(string sql) =>
        Convert.ToInt64((await QueryAsync(sql))[0][0], System.Globalization.CultureInfo.InvariantCulture);

    private DbConnection Open() => store switch
    {
        SqliteTestStore sqlite => new SqliteConnection($"Data Source={Path.Combine(sqlite.DataDir, "memory.db")};Pooling=False"),
        PostgresTestStore postgres => new NpgsqlConnection(postgres.ConnectionString),
        _ => throw new InvalidOperationException(store.Name),
    };
}
