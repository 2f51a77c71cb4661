using MemoryCore.Graph;
using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite.Graph;

/// <summary>SQL fragments and readers the SQLite graph shares; values are always parameters.</summary>
internal static class SqliteGraphSql
{
    /// <summary>The columns <see cref="ReadRelation"/> reads: edge (e) with source (s) and destination (d) names, and
    /// its supporting memory ids as a comma-separated list.</summary>
    public const string EdgeColumns =
        "e.id, e.source_id, s.name, e.relationship, e.destination_id, d.name, e.valid_from, e.valid_to, e.created_at, e.invalidated_at, e.invalid_reason, " +
        "(SELECT group_concat(x.memory_id, ',') FROM (SELECT memory_id FROM graph_edge_sources WHERE edge_id = e.id ORDER BY memory_id) x)";

    public const string EdgeFrom = "FROM graph_edges e JOIN graph_nodes s ON s.id = e.source_id JOIN graph_nodes d ON d.id = e.destination_id";

    /// <summary>The columns <see cref="ReadNode"/> reads (the tenant and the app last, after the columns they were added to).</summary>
    public const string NodeColumns = "n.id, n.user_id, n.agent_id, n.run_id, n.name, n.type, n.is_self, n.created_at, n.tenant_id, n.app_id";

    /// <summary>How many columns <see cref="NodeColumns"/> has: a query's own columns follow them.</summary>
    public const int NodeColumnCount = 10;

    /// <summary>Write semantics: the tenant and the exact tuple, a missing id matches only NULL.</summary>
    public static string Exact(MemoryScope scope, SqliteCommand command, string alias) => SqliteScopeClauses.Exact(scope, command, alias, Prefix);

    /// <summary>Read semantics: the tenant, and a missing id matches any value.</summary>
    public static string Match(MemoryScope scope, SqliteCommand command, string alias) => SqliteScopeClauses.Match(scope, command, alias, Prefix);

    /// <summary>Only the tenant (@graph_tenant), for statements that already pick rows by id: a row id of another tenant matches nothing.</summary>
    public static string Tenant(MemoryScope scope, SqliteCommand command, string alias) => SqliteScopeClauses.Tenant(scope, command, alias, Prefix);

    /// <summary>The graph's scope parameters are its own (@graph_tenant, @graph_user_id...), tenant first: the graph
    /// tables do not share the memory tables' scope predicate, so a graph statement names its tenant exactly once
    /// whatever else it holds.</summary>
    private const string Prefix = "graph_";

    /// <summary>The relation is valid at @as_of, or current when @as_of is NULL.</summary>
    public static string Valid(string alias) =>
        $"(CASE WHEN @as_of IS NULL THEN {alias}.valid_to IS NULL ELSE {alias}.valid_from <= @as_of AND ({alias}.valid_to IS NULL OR {alias}.valid_to > @as_of) END)";

    public static void AddAsOf(SqliteCommand command, DateTimeOffset? asOf) =>
        command.Parameters.AddWithValue("@as_of", asOf is { } at ? Timestamps.ToUnixMicroseconds(at) : DBNull.Value);

    public static GraphRelation ReadRelation(SqliteDataReader reader) => new(
        Guid.Parse(reader.GetString(0)),
        Guid.Parse(reader.GetString(1)),
        reader.GetString(2),
        reader.GetString(3),
        Guid.Parse(reader.GetString(4)),
        reader.GetString(5),
        Timestamps.FromUnixMicroseconds(reader.GetInt64(6)),
        reader.IsDBNull(7) ? null : Timestamps.FromUnixMicroseconds(reader.GetInt64(7)),
        Timestamps.FromUnixMicroseconds(reader.GetInt64(8)),
        reader.IsDBNull(9) ? null : Timestamps.FromUnixMicroseconds(reader.GetInt64(9)),
        reader.IsDBNull(10) ? null : reader.GetString(10),
        reader.IsDBNull(11) ? [] : reader.GetString(11).Split(',').Select(Guid.Parse).ToArray());

    public static GraphNode ReadNode(SqliteDataReader reader) => new(
        Guid.Parse(reader.GetString(0)),
        MemoryScope.Create(
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetString(8),
            SqliteSql.NullableString(reader, 9)),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetInt64(6) != 0,
        Timestamps.FromUnixMicroseconds(reader.GetInt64(7)));

    public static async Task<List<GraphRelation>> ReadRelationsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var relations = new List<GraphRelation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            relations.Add(ReadRelation(reader));
        }

        return relations;
    }
}
