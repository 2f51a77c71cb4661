using System.Runtime.InteropServices;
using System.Text.Json;
using MemoryCore.Graph;
using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite.Graph;

/// <summary>
/// The relational graph in the SQLite file: reads for the write planner, neighbourhood search, "as of" listings and
/// projection snapshots. Entity matching scans the scope's node vectors in process, as memory search does; the walk
/// is one recursive CTE. Writes go through <see cref="SqliteGraphWriter"/> inside the memory store's commit.
/// </summary>
internal sealed class SqliteGraphStore(string databasePath) : IGraphStore
{
    private readonly string _connectionString = SqliteConnections.ConnectionString(databasePath);

    public async Task<GraphWriteContext> LoadWriteContextAsync(
        MemoryScope scope, IReadOnlyList<ReadOnlyMemory<float>> vectors, double threshold, IReadOnlyCollection<Guid> memoryIds, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var nodes = await NodesWithVectorsAsync(connection, scope, exact: true, cancellationToken).ConfigureAwait(false);
        var self = nodes.FirstOrDefault(n => n.Node.IsSelf).Node;
        var matches = vectors.Select(v => nodes.Where(n => !n.Node.IsSelf)
                .Select(n => new NodeMatch(n.Node, VectorMath.Similarity(n.Vector, v.Span)))
                .Where(m => m.Similarity >= threshold)
                .OrderByDescending(m => m.Similarity).ThenBy(m => m.Node.Id)
                .FirstOrDefault())
            .ToArray();

        var touched = matches.OfType<NodeMatch>().Select(m => m.Node.Id).Concat(self is null ? [] : [self.Id]).Distinct().Select(id => id.ToString());
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {SqliteGraphSql.EdgeColumns} {SqliteGraphSql.EdgeFrom}
            WHERE {SqliteGraphSql.Tenant(scope, command, "e")} AND e.valid_to IS NULL AND (e.source_id IN (SELECT value FROM json_each(@nodes)) OR e.destination_id IN (SELECT value FROM json_each(@nodes))
                OR EXISTS (SELECT 1 FROM graph_edge_sources x WHERE x.edge_id = e.id AND x.memory_id IN (SELECT value FROM json_each(@memories))))
            ORDER BY e.created_at, e.id
            """;
        command.Parameters.AddWithValue("@nodes", JsonSerializer.Serialize(touched));
        command.Parameters.AddWithValue("@memories", JsonSerializer.Serialize(memoryIds.Select(id => id.ToString())));
        return new GraphWriteContext(matches, self, await SqliteGraphSql.ReadRelationsAsync(command, cancellationToken).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<NeighbourhoodRelation>> NeighbourhoodAsync(GraphSearch search, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var named = new Dictionary<Guid, double>();
        if (search.EntityVectors.Count > 0)
        {
            foreach (var (node, vector) in await NodesWithVectorsAsync(connection, search.Scope, exact: false, cancellationToken).ConfigureAwait(false))
            {
                var best = node.IsSelf ? 0 : search.EntityVectors.Max(v => VectorMath.Similarity(vector, v.Span));
                if (best >= search.Threshold)
                {
                    named[node.Id] = best;
                }
            }
        }

        return await SqliteNeighbourhoodQuery.RunAsync(connection, search, named, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GraphRelation>> RelationsAsync(MemoryScope scope, DateTimeOffset? asOf, bool includeHistory, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var valid = includeHistory ? "1" : SqliteGraphSql.Valid("e");
        command.CommandText = $"SELECT {SqliteGraphSql.EdgeColumns} {SqliteGraphSql.EdgeFrom} WHERE {SqliteGraphSql.Match(scope, command, "e")} AND {valid} ORDER BY e.created_at, e.id";
        SqliteGraphSql.AddAsOf(command, asOf);
        return await SqliteGraphSql.ReadRelationsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GraphNode>> NodesAsync(MemoryScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await NodesWithVectorsAsync(connection, scope, exact: false, cancellationToken).ConfigureAwait(false)).ConvertAll(n => n.Node);
    }

    public async Task<IReadOnlyList<MemoryScope>> ScopesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // Each scope in its own tenant, so that a rebuild projects every tenant's graph as that tenant's.
        command.CommandText = "SELECT DISTINCT tenant_id, user_id, agent_id, run_id, app_id FROM graph_nodes";
        var scopes = new List<MemoryScope>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            scopes.Add(MemoryScope.Create(SqliteSql.NullableString(reader, 1), SqliteSql.NullableString(reader, 2), SqliteSql.NullableString(reader, 3), reader.GetString(0), SqliteSql.NullableString(reader, 4)));
        }

        return scopes;
    }

    public async Task<GraphSnapshot> SnapshotAsync(MemoryScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var nodes = await NodesWithVectorsAsync(connection, scope, exact: true, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteGraphSql.EdgeColumns} {SqliteGraphSql.EdgeFrom} WHERE {SqliteGraphSql.Exact(scope, command, "e")} ORDER BY e.created_at, e.id";
        var relations = await SqliteGraphSql.ReadRelationsAsync(command, cancellationToken).ConfigureAwait(false);
        return new GraphSnapshot(scope, nodes.ConvertAll(n => (n.Node, new ReadOnlyMemory<float>(n.Vector))), relations);
    }

    private static async Task<List<(GraphNode Node, float[] Vector)>> NodesWithVectorsAsync(SqliteConnection connection, MemoryScope scope, bool exact, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var where = exact ? SqliteGraphSql.Exact(scope, command, "n") : SqliteGraphSql.Match(scope, command, "n");
        command.CommandText = $"SELECT {SqliteGraphSql.NodeColumns}, n.embedding FROM graph_nodes n WHERE {where} ORDER BY n.created_at, n.id";
        var nodes = new List<(GraphNode, float[])>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            nodes.Add((SqliteGraphSql.ReadNode(reader), MemoryMarshal.Cast<byte, float>((byte[])reader.GetValue(SqliteGraphSql.NodeColumnCount)).ToArray()));
        }

        return nodes;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        SqliteConnections.OpenAsync(_connectionString, SqliteConnections.Defaults, cancellationToken);
}
