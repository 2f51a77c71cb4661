using MemoryCore.Graph;
using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace MemoryCore.Storage.Postgres.Graph;

/// <summary>
/// Graph search in one statement, whatever the number of query entities: seeds (nodes of the scope similar to any
/// query entity, destinations of the user's named relationships, the user), then a recursive walk over relations
/// valid at the requested time, up to N hops. The walk never continues through the user's node unless it is a
/// seed, so the user does not connect everyone they know to everyone else.
/// </summary>
internal sealed class PostgresNeighbourhoodQuery(PostgresGraphSql sql)
{
    public async Task<IReadOnlyList<NeighbourhoodRelation>> RunAsync(NpgsqlConnection connection, GraphSearch search, CancellationToken cancellationToken)
    {
        // PostgreSQL re-planned this statement on every execution even once prepared (its generic plan is estimated
        // dearer than the custom ones), and planning cost more than running it: 0.95 ms against 0.57 (pg_stat_statements,
        // docs/benchmarks.md). Its plan does not depend on the values (the scope's nodes, then edges by node id, all through
        // their indexes), so its transaction asks for the generic plan (PostgresSql.GenericPlans).
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        var scope = PostgresGraphSql.Match(search.Scope, command.Parameters, "n");
        // Relations stay between nodes of one exact scope, so the scoped seeds already keep the walk in the tenant; the
        // walk checks the tenant on every relation it follows too (a filter on rows it reads anyway, no extra trip).
        var valid = PostgresGraphSql.Valid("e") + " AND e.tenant_id = @graph_tenant";
        command.CommandText = $"""
            {PostgresSql.GenericPlans};
            WITH RECURSIVE
            scoped AS (SELECT n.id, n.is_self, n.embedding FROM {sql.Nodes} n WHERE {scope}),
            named AS (
                SELECT s.id, max(1 - (s.embedding <=> q.v)) AS score
                FROM scoped s CROSS JOIN unnest(@vectors) AS q(v)
                WHERE NOT s.is_self AND 1 - (s.embedding <=> q.v) >= @threshold
                GROUP BY s.id),
            seeds AS (
                SELECT id, max(score) AS score FROM (
                    SELECT id, score FROM named
                    UNION ALL
                    SELECT e.destination_id, 1.0 FROM {sql.Edges} e JOIN scoped s ON s.id = e.source_id AND s.is_self
                    WHERE e.relationship = ANY(@roles) AND {valid}
                    UNION ALL
                    SELECT id, 1.0 FROM scoped WHERE is_self AND @include_self) candidates
                GROUP BY id),
            walk (id, is_self, depth, score) AS (
                SELECT s.id, n.is_self, 0, s.score FROM seeds s JOIN {sql.Nodes} n ON n.id = s.id
                UNION
                SELECT next.id, next.is_self, w.depth + 1, w.score
                FROM walk w
                CROSS JOIN LATERAL (
                    SELECT e.destination_id AS other FROM {sql.Edges} e WHERE e.source_id = w.id AND {valid}
                    UNION ALL
                    SELECT e.source_id FROM {sql.Edges} e WHERE e.destination_id = w.id AND {valid}) hop
                JOIN {sql.Nodes} next ON next.id = hop.other
                WHERE w.depth + 1 < @hops AND (w.depth = 0 OR NOT w.is_self)),
            reached AS (
                SELECT id, min(depth) AS depth, max(score) AS score FROM walk
                WHERE depth = 0 OR NOT is_self GROUP BY id),
            hits AS (
                SELECT e.id, min(r.depth) AS depth, max(r.score) AS score
                FROM reached r JOIN {sql.Edges} e ON (e.source_id = r.id OR e.destination_id = r.id) AND {valid}
                GROUP BY e.id)
            SELECT {sql.EdgeColumnList}, h.depth, h.score {sql.EdgeFrom}
            JOIN hits h ON h.id = e.id
            ORDER BY h.depth, h.score DESC, e.created_at, e.id
            LIMIT @limit
            """;
        command.Parameters.Add(new NpgsqlParameter("vectors", search.EntityVectors.Select(v => new Vector(v)).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("threshold", NpgsqlDbType.Double) { Value = search.Threshold });
        command.Parameters.Add(new NpgsqlParameter("roles", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = search.SelfRelations.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("include_self", NpgsqlDbType.Boolean) { Value = search.IncludeSelf });
        command.Parameters.Add(new NpgsqlParameter("hops", NpgsqlDbType.Integer) { Value = Math.Clamp(search.Hops, 1, GraphSearch.MaxHops) });
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = search.Limit });
        PostgresGraphSql.AddAsOf(command.Parameters, search.AsOf);

        var found = new List<NeighbourhoodRelation>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found.Add(new NeighbourhoodRelation(PostgresGraphSql.ReadRelation(reader), reader.GetInt32(12), Convert.ToDouble(reader.GetValue(13), System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return found;
    }
}
