using MemoryCore.Graph;
using MemoryCore.Model;
using Npgsql;
using NpgsqlTypes;

namespace MemoryCore.Storage.Postgres.Graph;

/// <summary>Table names and the SQL fragments the PostgreSQL graph shares; values are always parameters.</summary>
internal sealed class PostgresGraphSql(PostgresSql sql)
{
    public string Schema => sql.Schema;

    public string Nodes => $"{sql.Schema}.graph_nodes";

    public string Edges => $"{sql.Schema}.graph_edges";

    public string Sources => $"{sql.Schema}.graph_edge_sources";

    /// <summary>The columns <see cref="ReadRelation"/> reads, over <see cref="EdgeFrom"/>.</summary>
    public string EdgeColumnList =>
        "e.id, e.source_id, s.name, e.relationship, e.destination_id, d.name, e.valid_from, e.valid_to, e.created_at, e.invalidated_at, e.invalid_reason, " +
        $"ARRAY(SELECT x.memory_id FROM {Sources} x WHERE x.edge_id = e.id ORDER BY x.memory_id)";

    /// <summary>Edges (e) joined with their source (s) and destination (d) nodes.</summary>
    public string EdgeFrom => $"FROM {Edges} e JOIN {Nodes} s ON s.id = e.source_id JOIN {Nodes} d ON d.id = e.destination_id";

    public string EdgeSelect => $"SELECT {EdgeColumnList} {EdgeFrom}";

    /// <summary>Write semantics: the tenant and the exact tuple, a missing id matches only NULL.</summary>
    public static string Exact(MemoryScope scope, NpgsqlParameterCollection parameters, string alias) => PostgresScopeClauses.Exact(scope, parameters, alias, Prefix);

    /// <summary>Read semantics: the tenant, and a missing id matches any value.</summary>
    public static string Match(MemoryScope scope, NpgsqlParameterCollection parameters, string alias) => PostgresScopeClauses.Match(scope, parameters, alias, Prefix);

    /// <summary>Only the tenant (@graph_tenant), for statements that already pick rows by id: a row id of another tenant matches nothing.</summary>
    public static string Tenant(MemoryScope scope, NpgsqlParameterCollection parameters, string alias) => PostgresScopeClauses.Tenant(scope, parameters, alias, Prefix);

    /// <summary>The scope's tenant and ids as @tenant_id, @user_id, @agent_id, @run_id, @app_id (NULL when missing), for INSERTs.</summary>
    public static void AddValues(NpgsqlParameterCollection parameters, MemoryScope scope) => PostgresScopeClauses.AddValues(parameters, scope);

    /// <summary>The graph's scope parameters are its own (@graph_tenant, @graph_user_id...), tenant first: the graph
    /// tables do not share the memory tables' scope predicate, so a graph statement names its tenant exactly once
    /// whatever else it holds.</summary>
    private const string Prefix = "graph_";

    /// <summary>The relation is valid at @as_of, or current when @as_of is NULL.</summary>
    public static string Valid(string alias) =>
        $"(CASE WHEN @as_of IS NULL THEN {alias}.valid_to IS NULL ELSE {alias}.valid_from <= @as_of AND ({alias}.valid_to IS NULL OR {alias}.valid_to > @as_of) END)";

    public static void AddAsOf(NpgsqlParameterCollection parameters, DateTimeOffset? asOf) =>
        parameters.Add(new NpgsqlParameter("as_of", NpgsqlDbType.TimestampTz) { Value = asOf is { } at ? at.UtcDateTime : DBNull.Value });

    public static GraphRelation ReadRelation(NpgsqlDataReader reader, int offset = 0) => new(
        reader.GetGuid(offset),
        reader.GetGuid(offset + 1),
        reader.GetString(offset + 2),
        reader.GetString(offset + 3),
        reader.GetGuid(offset + 4),
        reader.GetString(offset + 5),
        At(reader.GetDateTime(offset + 6)),
        reader.IsDBNull(offset + 7) ? null : At(reader.GetDateTime(offset + 7)),
        At(reader.GetDateTime(offset + 8)),
        reader.IsDBNull(offset + 9) ? null : At(reader.GetDateTime(offset + 9)),
        reader.IsDBNull(offset + 10) ? null : reader.GetString(offset + 10),
        reader.GetFieldValue<Guid[]>(offset + 11));

    public static GraphNode ReadNode(NpgsqlDataReader reader, int offset = 0) => new(
        reader.GetGuid(offset),
        MemoryScope.Create(
            reader.IsDBNull(offset + 1) ? null : reader.GetString(offset + 1),
            reader.IsDBNull(offset + 2) ? null : reader.GetString(offset + 2),
            reader.IsDBNull(offset + 3) ? null : reader.GetString(offset + 3),
            reader.GetString(offset + 8),
            PostgresSql.NullableString(reader, offset + 9)),
        reader.GetString(offset + 4),
        reader.GetString(offset + 5),
        reader.GetBoolean(offset + 6),
        At(reader.GetDateTime(offset + 7)));

    /// <summary>The columns <see cref="ReadNode"/> reads (the tenant and the app last, after the columns they were added to).</summary>
    public const string NodeColumns = "n.id, n.user_id, n.agent_id, n.run_id, n.name, n.type, n.is_self, n.created_at, n.tenant_id, n.app_id";

    /// <summary>How many columns <see cref="NodeColumns"/> has: a query's own columns follow them.</summary>
    public const int NodeColumnCount = 10;

    private static DateTimeOffset At(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeSpan.Zero);
}
