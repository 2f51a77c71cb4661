using MemoryCore.Graph;
using MemoryCore.Model;
using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace MemoryCore.Storage.Postgres.Graph;

/// <summary>
/// The relational graph in PostgreSQL: reads for the write planner, neighbourhood search (one recursive CTE),
/// "as of" listings and projection snapshots. Writes go through <see cref="PostgresGraphWriter"/> inside the memory
/// store's commit; scope erase and reset through <see cref="PostgresGraphErase"/>.
/// </summary>
internal sealed class PostgresGraphStore(NpgsqlDataSource dataSource, PostgresGraphSql sql) : IGraphStore
{
    private readonly PostgresNeighbourhoodQuery _neighbourhood = new(sql);

    public async Task<GraphWriteContext> LoadWriteContextAsync(
        MemoryScope scope, IReadOnlyList<ReadOnlyMemory<float>> vectors, double threshold, IReadOnlyCollection<Guid> memoryIds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var matches = new NodeMatch?[vectors.Count];
        GraphNode? self = null;
        await using (var command = new NpgsqlCommand { Connection = connection })
        {
            // For each vector, the closest non-self node of the exact scope (LATERAL: one query for all vectors); plus the self node.
            var exact = PostgresGraphSql.Exact(scope, command.Parameters, "n");
            command.CommandText = $"""
                SELECT q.ord::int, {PostgresGraphSql.NodeColumns}, 1 - (n.embedding <=> q.v) AS similarity
                FROM unnest(@vectors) WITH ORDINALITY AS q(v, ord)
                CROSS JOIN LATERAL (SELECT * FROM {sql.Nodes} n WHERE {exact} AND NOT n.is_self ORDER BY n.embedding <=> q.v, n.id LIMIT 1) n
                WHERE 1 - (n.embedding <=> q.v) >= @threshold
                UNION ALL
                SELECT 0, {PostgresGraphSql.NodeColumns}, 1 FROM {sql.Nodes} n WHERE {exact} AND n.is_self
                """;
            command.Parameters.Add(new NpgsqlParameter("vectors", vectors.Select(v => new Vector(v)).ToArray()));
            command.Parameters.Add(new NpgsqlParameter("threshold", NpgsqlDbType.Double) { Value = threshold });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var node = PostgresGraphSql.ReadNode(reader, 1);
                var ordinal = reader.GetInt32(0);
                if (ordinal == 0)
                {
                    self = node;
                }
                else
                {
                    matches[ordinal - 1] = new NodeMatch(node, Math.Clamp(reader.GetDouble(1 + PostgresGraphSql.NodeColumnCount), 0, 1));
                }
            }
        }

        var touched = matches.OfType<NodeMatch>().Select(m => m.Node.Id).Concat(self is null ? [] : [self.Id]).Distinct().ToArray();
        await using var edges = new NpgsqlCommand { Connection = connection };
        edges.CommandText = $"""
            {sql.EdgeSelect}
            WHERE {PostgresGraphSql.Tenant(scope, edges.Parameters, "e")} AND e.valid_to IS NULL AND (e.source_id = ANY(@nodes) OR e.destination_id = ANY(@nodes)
                OR EXISTS (SELECT 1 FROM {sql.Sources} x WHERE x.edge_id = e.id AND x.memory_id = ANY(@memories)))
            ORDER BY e.created_at, e.id
            """;
        edges.Parameters.Add(new NpgsqlParameter("nodes", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = touched });
        edges.Parameters.Add(new NpgsqlParameter("memories", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = memoryIds.ToArray() });
        return new GraphWriteContext(matches, self, await ReadRelationsAsync(edges, cancellationToken).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<NeighbourhoodRelation>> NeighbourhoodAsync(GraphSearch search, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await _neighbourhood.RunAsync(connection, search, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GraphRelation>> RelationsAsync(MemoryScope scope, DateTimeOffset? asOf, bool includeHistory, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection };
        var valid = includeHistory ? "TRUE" : PostgresGraphSql.Valid("e");
        command.CommandText = $"{sql.EdgeSelect} WHERE {PostgresGraphSql.Match(scope, command.Parameters, "e")} AND {valid} ORDER BY e.created_at, e.id";
        PostgresGraphSql.AddAsOf(command.Parameters, asOf);
        return await ReadRelationsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GraphNode>> NodesAsync(MemoryScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection };
        command.CommandText = $"SELECT {PostgresGraphSql.NodeColumns} FROM {sql.Nodes} n WHERE {PostgresGraphSql.Match(scope, command.Parameters, "n")} ORDER BY n.created_at, n.id";
        var nodes = new List<GraphNode>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            nodes.Add(PostgresGraphSql.ReadNode(reader));
        }

        return nodes;
    }

    public async Task<IReadOnlyList<MemoryScope>> ScopesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Each scope in its own tenant, so that a rebuild projects every tenant's graph as that tenant's.
        await using var command = new NpgsqlCommand($"SELECT DISTINCT tenant_id, user_id, agent_id, run_id FROM {sql.Nodes}", connection);
        var scopes = new List<MemoryScope>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            scopes.Add(MemoryScope.Create(Text(reader, 1), Text(reader, 2), Text(reader, 3), reader.GetString(0)));
        }

        return scopes;
    }

    public async Task<GraphSnapshot> SnapshotAsync(MemoryScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var nodes = new List<(GraphNode, ReadOnlyMemory<float>)>();
        await using (var command = new NpgsqlCommand { Connection = connection })
        {
            command.CommandText = $"SELECT {PostgresGraphSql.NodeColumns}, n.embedding FROM {sql.Nodes} n WHERE {PostgresGraphSql.Exact(scope, command.Parameters, "n")} ORDER BY n.created_at, n.id";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                nodes.Add((PostgresGraphSql.ReadNode(reader), reader.GetFieldValue<Vector>(PostgresGraphSql.NodeColumnCount).Memory));
            }
        }

        await using var edges = new NpgsqlCommand { Connection = connection };
        edges.CommandText = $"{sql.EdgeSelect} WHERE {PostgresGraphSql.Exact(scope, edges.Parameters, "e")} ORDER BY e.created_at, e.id";
        return new GraphSnapshot(scope, nodes, await ReadRelationsAsync(edges, cancellationToken).ConfigureAwait(false));
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    internal static async Task<List<GraphRelation>> ReadRelationsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var relations = new List<GraphRelation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            relations.Add(PostgresGraphSql.ReadRelation(reader));
        }

        return relations;
    }
}
