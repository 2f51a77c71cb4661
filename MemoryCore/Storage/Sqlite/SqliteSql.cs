using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>The SQL fragments the SQLite store shares; identifiers are fixed, values always parameters.</summary>
internal static class SqliteSql
{
    public const string Columns = "id, user_id, agent_id, run_id, memory, hash, metadata, embedding, created_at, updated_at, tenant_id, app_id, categories";

    /// <summary>The values of <see cref="Columns"/> in an INSERT (the scope's from <see cref="SqliteScopeClauses.AddValues"/>).</summary>
    public const string ColumnValues = "@id, @user_id, @agent_id, @run_id, @memory, @hash, @metadata, @embedding, @created_at, @updated_at, @tenant_id, @app_id, @categories";

    /// <summary>How many columns <see cref="Columns"/> selects: the ordinal of a query's own column after them (a score).</summary>
    public const int ColumnCount = 13;

    public const string HistoryColumns = "id, memory_id, old_memory, new_memory, event, created_at, actor_key_id, trace_id, tenant_id, user_id, agent_id, run_id, app_id";

    /// <summary>Read semantics: a missing id matches any value.</summary>
    public static string MatchScope(MemoryScope scope, SqliteCommand command) => SqliteScopeClauses.Match(scope, command);

    /// <summary>Write semantics: the exact tuple, a missing id matches only NULL.</summary>
    public static string ExactScope(MemoryScope scope, SqliteCommand command) => SqliteScopeClauses.Exact(scope, command);

    public static MemoryRecord ReadRecord(SqliteDataReader reader) => new(
        Guid.Parse(reader.GetString(0)),
        reader.GetString(4),
        reader.GetString(5),
        MetadataJson.Parse(reader.GetString(6)),
        Timestamps.FromUnixMicroseconds(reader.GetInt64(8)),
        Timestamps.FromUnixMicroseconds(reader.GetInt64(9)),
        reader.IsDBNull(1) ? null : reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(10),
        NullableString(reader, 11))
    {
        Categories = ParseCategories(reader.GetString(12)),
    };

    /// <summary>The categories column: a JSON array of names.</summary>
    public static IReadOnlyList<string> ParseCategories(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<string[]>(json) ?? [];

    public static string SerializeCategories(IReadOnlyList<string> categories) => System.Text.Json.JsonSerializer.Serialize(categories);

    /// <summary>Reads a row selected with <see cref="HistoryColumns"/>.</summary>
    public static HistoryEntry ReadHistory(SqliteDataReader reader) => new(
        Guid.Parse(reader.GetString(0)),
        Guid.Parse(reader.GetString(1)),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        Enum.Parse<MemoryEvent>(reader.GetString(4), ignoreCase: true),
        Timestamps.FromUnixMicroseconds(reader.GetInt64(5)),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        StoredScope.Of(reader.GetString(8), NullableString(reader, 9), NullableString(reader, 10), NullableString(reader, 11), NullableString(reader, 12)));

    public static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static byte[] ToBlob(ReadOnlyMemory<float> embedding) =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(embedding.Span).ToArray();
}
