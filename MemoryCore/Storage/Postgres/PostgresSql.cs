using MemoryCore.Model;
using Npgsql;
using NpgsqlTypes;

namespace MemoryCore.Storage.Postgres;

/// <summary>SQL fragments the PostgreSQL store shares; identifiers are validated, values always parameters.</summary>
internal sealed class PostgresSql(string schema)
{
    public const string Columns = "m.id, m.user_id, m.agent_id, m.run_id, m.memory, m.hash, m.metadata, m.created_at, m.updated_at, m.tenant_id, m.app_id, m.categories";

    /// <summary>How many columns <see cref="Columns"/> selects: the ordinal of a query's own column after them (a distance, a score).</summary>
    public const int ColumnCount = 12;

    /// <summary>Makes the rest of its transaction run on generic plans, made once per connection for a prepared statement
    /// (<see cref="PostgresSessionDefaults"/>). PostgreSQL kept re-planning the store's larger statements (the graph reads,
    /// the writer's lookups) on every execution, and planning cost more than running them (pg_stat_statements,
    /// docs/benchmarks.md). Only for statements whose best plan does not depend on the values: a scope's rows through its
    /// index, rows by id. The HNSW path, whose plan does, asks for its own plan again (plan_cache_mode = force_custom_plan).</summary>
    public const string GenericPlans = "SET LOCAL plan_cache_mode = force_generic_plan";

    public const string HistoryColumns = "id, memory_id, old_memory, new_memory, event, created_at, actor_key_id, trace_id, tenant_id, user_id, agent_id, run_id, app_id";

    /// <summary>The quoted schema name, e.g. "memory".</summary>
    public string Schema { get; } = Quote(schema);

    public string Memories => $"{Schema}.memories";

    public string History => $"{Schema}.memory_history";

    public string Turns => $"{Schema}.conversation_turns";

    public string Jobs => $"{Schema}.jobs";

    public string Events => $"{Schema}.memory_events";

    public string IdempotencyKeys => $"{Schema}.idempotency_keys";

    /// <summary>The advisory lock key of a scope's or a person's lock (<see cref="MemoryScope.LockKey"/>,
    /// <see cref="MemoryScope.PersonLockKey"/>) in this schema. Writers, imports and erasure must all derive it here,
    /// or they would not exclude each other.</summary>
    public long AdvisoryKey(string lockName) => PostgresSchema.LockKey(Schema + "|" + lockName);

    public static string Quote(string identifier)
    {
        if (identifier.Length is 0 or > 63 || !identifier.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_') || char.IsDigit(identifier[0]))
        {
            throw new StoreConfigurationException($"'{identifier}' is not a valid schema name: use 1-63 lower-case letters, digits or '_', not starting with a digit.");
        }

        return $"\"{identifier}\"";
    }

    /// <summary>Read semantics: a missing id matches any value.</summary>
    public static string MatchScope(MemoryScope scope, NpgsqlCommand command) => PostgresScopeClauses.Match(scope, command.Parameters, "m");

    /// <summary>Reads a row selected with <see cref="HistoryColumns"/>.</summary>
    public static HistoryEntry ReadHistory(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        Enum.Parse<MemoryEvent>(reader.GetString(4), ignoreCase: true),
        new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        StoredScope.Of(reader.GetString(8), NullableString(reader, 9), NullableString(reader, 10), NullableString(reader, 11), NullableString(reader, 12)));

    /// <summary>A text column that may be NULL.</summary>
    public static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A memory read from <see cref="Columns"/>, which start at ordinal <paramref name="first"/> (after columns
    /// of the query's own, such as a batch's ordinal).</summary>
    public static MemoryRecord ReadRecord(NpgsqlDataReader reader, int first = 0) => new(
        reader.GetGuid(first),
        reader.GetString(first + 4),
        reader.GetString(first + 5),
        MetadataJson.Parse(reader.GetString(first + 6)),
        new DateTimeOffset(reader.GetDateTime(first + 7), TimeSpan.Zero),
        new DateTimeOffset(reader.GetDateTime(first + 8), TimeSpan.Zero),
        reader.IsDBNull(first + 1) ? null : reader.GetString(first + 1),
        reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2),
        reader.IsDBNull(first + 3) ? null : reader.GetString(first + 3),
        reader.GetString(first + 9),
        NullableString(reader, first + 10))
    {
        Categories = reader.GetFieldValue<string[]>(first + 11),
    };
}
