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

    /// <summary>The closest node per vector, the self node and the relations they (or the memories) touch, in one batch
    /// (one round trip: it runs on every add with graph memory on). The relations' statement finds the touched nodes again
    /// with the same deterministic match (ORDER BY distance, id), rather than waiting for the first statement's answer.
    /// Both run on generic plans (<see cref="PostgresSql.GenericPlans"/>): PostgreSQL otherwise re-planned them on every add, and the
    /// planning cost more than the reads (0.5 ms against 0.3, pg_stat_statements, docs/benchmarks.md).</summary>
    public async Task<GraphWriteContext> LoadWriteContextAsync(
        MemoryScope scope, IReadOnlyList<ReadOnlyMemory<float>> vectors, double threshold, IReadOnlyCollection<Guid> memoryIds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var nodes = new NpgsqlBatchCommand();
        nodes.CommandText = $"""
            {Matches(scope, nodes.Parameters, vectors, threshold, $"q.ord::int, {PostgresGraphSql.NodeColumns}, 1 - (n.embedding <=> q.v) AS similarity", $"0, {PostgresGraphSql.NodeColumns}, 1")}
            """;
        var edges = new NpgsqlBatchCommand();
        var touched = Matches(scope, edges.Parameters, vectors, threshold, "n.id", "n.id");
        edges.CommandText = $"""
            WITH touched AS ({touched})
            {sql.EdgeSelect}
            WHERE e.tenant_id = @graph_tenant AND e.valid_to IS NULL
                AND (e.source_id IN (SELECT id FROM touched) OR e.destination_id IN (SELECT id FROM touched)
                OR EXISTS (SELECT 1 FROM {sql.Sources} x WHERE x.edge_id = e.id AND x.memory_id = ANY(@memories)))
            ORDER BY e.created_at, e.id
            """;
        edges.Parameters.Add(new NpgsqlParameter("memories", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = memoryIds.ToArray() });

        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { new NpgsqlBatchCommand(PostgresSql.GenericPlans), nodes, edges } };
        var context = await ReadWriteContextAsync(batch, vectors.Count, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return context;
    }

    private static async Task<GraphWriteContext> ReadWriteContextAsync(NpgsqlBatch batch, int vectorCount, CancellationToken cancellationToken)
    {
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var matches = new NodeMatch?[vectorCount];
        GraphNode? self = null;
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

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var relations = new List<GraphRelation>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            relations.Add(PostgresGraphSql.ReadRelation(reader));
        }

        return new GraphWriteContext(matches, self, relations);
    }

    /// <summary>For each vector, the closest non-self node of the exact scope at or above the threshold (LATERAL: one
    /// query for all vectors), then the self node, selecting <paramref name="matched"/> and <paramref name="selfColumns"/>.
    /// Adds @graph_tenant and the scope's ids, @vectors and @threshold.</summary>
    private string Matches(
        MemoryScope scope, NpgsqlParameterCollection parameters, IReadOnlyList<ReadOnlyMemory<float>> vectors, double threshold, string matched, string selfColumns)
    {
        var exact = PostgresGraphSql.Exact(scope, parameters, "n");
        parameters.Add(new NpgsqlParameter("vectors", vectors.Select(v => new Vector(v)).ToArray()));
        parameters.Add(new NpgsqlParameter("threshold", NpgsqlDbType.Double) { Value = threshold });
        return $"""
            SELECT {matched}
            FROM unnest(@vectors) WITH ORDINALITY AS q(v, ord)
            CROSS JOIN LATERAL (SELECT * FROM {sql.Nodes} n WHERE {exact} AND NOT n.is_self ORDER BY n.embedding <=> q.v, n.id LIMIT 1) n
            WHERE 1 - (n.embedding <=> q.v) >= @threshold
            UNION ALL
            SELECT {selfColumns} FROM {sql.Nodes} n WHERE {exact} AND n.is_self
            """;
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
        await using var command = new NpgsqlCommand($"SELECT DISTINCT tenant_id, user_id, agent_id, run_id, app_id FROM {sql.Nodes}", connection);
        var scopes = new List<MemoryScope>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            scopes.Add(MemoryScope.Create(PostgresSql.NullableString(reader, 1), PostgresSql.NullableString(reader, 2), PostgresSql.NullableString(reader, 3), reader.GetString(0), PostgresSql.NullableString(reader, 4)));
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
