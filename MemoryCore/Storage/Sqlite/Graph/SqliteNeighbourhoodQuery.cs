using System.Globalization;
using System.Text.Json;
using MemoryCore.Graph;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite.Graph;

/// <summary>
/// The SQLite neighbourhood walk: the same seeds and rules as the PostgreSQL query (see PostgresNeighbourhoodQuery),
/// with the vector-matched seeds passed in as JSON because SQLite compares vectors in process.
/// </summary>
internal static class SqliteNeighbourhoodQuery
{
    public static async Task<IReadOnlyList<NeighbourhoodRelation>> RunAsync(
        SqliteConnection connection, GraphSearch search, IReadOnlyDictionary<Guid, double> named, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var scope = SqliteGraphSql.Match(search.Scope, command, "n");
        // Relations stay between nodes of one exact scope, so the scoped seeds already keep the walk in the tenant; the
        // walk checks the tenant on every relation it follows too (a filter on rows it reads anyway).
        var valid = SqliteGraphSql.Valid("e") + " AND e.tenant_id = @graph_tenant";
        command.CommandText = $"""
            WITH RECURSIVE
            scoped AS (SELECT n.id, n.is_self FROM graph_nodes n WHERE {scope}),
            seeds AS (
                SELECT id, MAX(score) AS score FROM (
                    SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.score') AS score FROM json_each(@named)
                    UNION ALL
                    SELECT e.destination_id, 1.0 FROM graph_edges e JOIN scoped s ON s.id = e.source_id AND s.is_self = 1
                    WHERE e.relationship IN (SELECT value FROM json_each(@roles)) AND {valid}
                    UNION ALL
                    SELECT id, 1.0 FROM scoped WHERE is_self = 1 AND @include_self = 1)
                GROUP BY id),
            walk (id, is_self, depth, score) AS (
                SELECT s.id, n.is_self, 0, s.score FROM seeds s JOIN graph_nodes n ON n.id = s.id
                UNION
                SELECT n.id, n.is_self, w.depth + 1, w.score
                FROM walk w
                JOIN graph_edges e ON (e.source_id = w.id OR e.destination_id = w.id) AND {valid}
                JOIN graph_nodes n ON n.id = CASE WHEN e.source_id = w.id THEN e.destination_id ELSE e.source_id END
                WHERE w.depth + 1 < @hops AND (w.depth = 0 OR w.is_self = 0)),
            reached AS (
                SELECT id, MIN(depth) AS depth, MAX(score) AS score FROM walk WHERE depth = 0 OR is_self = 0 GROUP BY id),
            hits AS (
                SELECT e.id, MIN(r.depth) AS depth, MAX(r.score) AS score
                FROM reached r JOIN graph_edges e ON (e.source_id = r.id OR e.destination_id = r.id) AND {valid}
                GROUP BY e.id)
            SELECT {SqliteGraphSql.EdgeColumns}, h.depth, h.score {SqliteGraphSql.EdgeFrom}
            JOIN hits h ON h.id = e.id
            ORDER BY h.depth, h.score DESC, e.created_at, e.id
            LIMIT @limit
            """;
        command.Parameters.AddWithValue("@named", JsonSerializer.Serialize(named.Select(p => new { id = p.Key.ToString(), score = p.Value })));
        command.Parameters.AddWithValue("@roles", JsonSerializer.Serialize(search.SelfRelations));
        command.Parameters.AddWithValue("@include_self", search.IncludeSelf ? 1 : 0);
        command.Parameters.AddWithValue("@hops", Math.Clamp(search.Hops, 1, GraphSearch.MaxHops));
        command.Parameters.AddWithValue("@limit", search.Limit);
        SqliteGraphSql.AddAsOf(command, search.AsOf);

        var found = new List<NeighbourhoodRelation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(new NeighbourhoodRelation(SqliteGraphSql.ReadRelation(reader), reader.GetInt32(12), Convert.ToDouble(reader.GetValue(13), CultureInfo.InvariantCulture)));
        }

        return found;
    }
}
