using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>Adds a column to an existing table once: SQLite's ALTER TABLE has no ADD COLUMN IF NOT EXISTS.</summary>
internal static class SqliteColumns
{
    /// <param name="table">A constant table name (never input).</param>
    /// <param name="definition">A constant column definition, e.g. "actor_key_id TEXT".</param>
    public static async Task EnsureAsync(SqliteConnection connection, SqliteTransaction transaction, string table, string definition, CancellationToken cancellationToken)
    {
        var column = definition.Split(' ')[0];
        await using var exists = connection.CreateCommand();
        exists.Transaction = transaction;
        exists.CommandText = "SELECT COUNT(*) FROM pragma_table_info(@table) WHERE name = @column";
        exists.Parameters.AddWithValue("@table", table);
        exists.Parameters.AddWithValue("@column", column);
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
        {
            return;
        }

        await using var alter = connection.CreateCommand();
        alter.Transaction = transaction;
        alter.CommandText = $"ALTER TABLE {table} ADD COLUMN {definition}";
        await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
