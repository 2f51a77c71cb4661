using Npgsql;

namespace MemoryTests.Infrastructure;

/// <summary>
/// The PostgreSQL (with pgvector) that scripts/test starts, named by MEMORY_TEST_POSTGRES.
/// Outside CI the PostgreSQL tests skip with a reason when it is not set; in CI they fail instead,
/// so the PostgreSQL store can never go untested there.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "MEMORY_TEST_POSTGRES";

    public static string RequireConnectionString()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        const string reason = $"{Variable} is not set: run scripts/test, which starts PostgreSQL with pgvector.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(reason + " PostgreSQL tests are never skipped in CI.");
        }

        Assert.Skip(reason);
        return null!;
    }

    /// <summary>A fresh schema name, so every test owns its tables.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N")[..16];

    public static async Task DropSchemaAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
