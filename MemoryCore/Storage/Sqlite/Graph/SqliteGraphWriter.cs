using MemoryCore.Graph;
using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite.Graph;

/// <summary>
/// The graph part of a commit, in the memory transaction: withdraw the support of deleted or rewritten memories,
/// apply the planned delta, then invalidate every current relation of the scope left without support.
/// </summary>
internal static class SqliteGraphWriter
{
    public static async Task ApplyAsync(
        SqliteConnection connection, SqliteTransaction transaction, MemoryScope scope, IReadOnlyList<MemoryChange> changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var withdrawn = changes.Where(c => c is DeleteMemory or UpdateMemory { Embedding: not null }).Select(c => c.MemoryId).Distinct().ToList();
        var deltas = changes.OfType<ApplyGraphDelta>().Select(c => c.Delta).ToList();
        var removed = 0;
        foreach (var memoryId in withdrawn)
        {
            removed += await ExecuteAsync(connection, transaction, "DELETE FROM graph_edge_sources WHERE memory_id = @memory_id AND tenant_id = @tenant_id", cancellationToken,
                ("@memory_id", memoryId.ToString()), ("@tenant_id", scope.Tenant)).ConfigureAwait(false);
        }

        foreach (var delta in deltas)
        {
            await ApplyDeltaAsync(connection, transaction, scope, delta, cancellationToken).ConfigureAwait(false);
        }

        if (removed > 0 || deltas.Count > 0)
        {
            // Only when support was removed or a delta applied: a plain memory delete without relations costs nothing more.
            await using var sweep = connection.CreateCommand();
            sweep.Transaction = transaction;
            sweep.CommandText =
                $"UPDATE graph_edges AS e SET valid_to = MAX(e.valid_from, @at), invalidated_at = @at, invalid_reason = '{InvalidReasons.Unsupported}' " +
                $"WHERE {SqliteGraphSql.Exact(scope, sweep, "e")} AND e.valid_to IS NULL AND NOT EXISTS (SELECT 1 FROM graph_edge_sources x WHERE x.edge_id = e.id)";
            sweep.Parameters.AddWithValue("@at", Timestamps.ToUnixMicroseconds(now));
            await sweep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ApplyDeltaAsync(SqliteConnection connection, SqliteTransaction transaction, MemoryScope scope, GraphDelta delta, CancellationToken cancellationToken)
    {
        await EnsurePlannedRowsExistAsync(connection, transaction, scope, delta, cancellationToken).ConfigureAwait(false);
        var at = Timestamps.ToUnixMicroseconds(delta.At);
        object Id(string? value) => (object?)value ?? DBNull.Value;
        foreach (var node in delta.Nodes)
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO graph_nodes (id, tenant_id, user_id, agent_id, run_id, app_id, name, type, is_self, embedding, created_at) VALUES (@id, @tenant_id, @user_id, @agent_id, @run_id, @app_id, @name, @type, @is_self, @embedding, @at)",
                cancellationToken,
                ("@id", node.Id.ToString()), ("@tenant_id", scope.Tenant), ("@user_id", Id(scope.UserId)), ("@agent_id", Id(scope.AgentId)), ("@run_id", Id(scope.RunId)), ("@app_id", Id(scope.AppId)),
                ("@name", node.Name), ("@type", node.Type), ("@is_self", node.IsSelf ? 1 : 0), ("@embedding", SqliteSql.ToBlob(node.Embedding)), ("@at", at)).ConfigureAwait(false);
        }

        foreach (var edge in delta.Edges)
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO graph_edges (id, tenant_id, user_id, agent_id, run_id, app_id, source_id, relationship, destination_id, valid_from, created_at) VALUES (@id, @tenant_id, @user_id, @agent_id, @run_id, @app_id, @source, @relationship, @destination, @at, @at)",
                cancellationToken,
                ("@id", edge.Id.ToString()), ("@tenant_id", scope.Tenant), ("@user_id", Id(scope.UserId)), ("@agent_id", Id(scope.AgentId)), ("@run_id", Id(scope.RunId)), ("@app_id", Id(scope.AppId)),
                ("@source", edge.SourceId.ToString()), ("@relationship", edge.Relationship), ("@destination", edge.DestinationId.ToString()), ("@at", at)).ConfigureAwait(false);
        }

        foreach (var support in delta.Supports)
        {
            await ExecuteAsync(connection, transaction, "INSERT OR IGNORE INTO graph_edge_sources (edge_id, memory_id, tenant_id) VALUES (@edge, @memory, @tenant_id)", cancellationToken,
                ("@edge", support.EdgeId.ToString()), ("@memory", support.MemoryId.ToString()), ("@tenant_id", scope.Tenant)).ConfigureAwait(false);
        }

        foreach (var edgeId in delta.Contradicted)
        {
            await ExecuteAsync(connection, transaction,
                $"UPDATE graph_edges SET valid_to = MAX(valid_from, @at), invalidated_at = @at, invalid_reason = '{InvalidReasons.Contradicted}' WHERE id = @id AND valid_to IS NULL AND tenant_id = @tenant_id",
                cancellationToken, ("@id", edgeId.ToString()), ("@at", at), ("@tenant_id", scope.Tenant)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The plan was made from committed rows read under the scope's lock, but delete_all does not take that lock: if it
    /// erased a node or relation the plan builds on, nothing is written (409, retry) rather than an orphan relation.
    /// PostgreSQL gets the same guarantee from its foreign keys. Rows count only in the scope's tenant.
    /// </summary>
    private static async Task EnsurePlannedRowsExistAsync(SqliteConnection connection, SqliteTransaction transaction, MemoryScope scope, GraphDelta delta, CancellationToken cancellationToken)
    {
        var newNodes = delta.Nodes.Select(n => n.Id).ToHashSet();
        var newEdges = delta.Edges.Select(e => e.Id).ToHashSet();
        var nodes = delta.Edges.SelectMany(e => new[] { e.SourceId, e.DestinationId }).Where(id => !newNodes.Contains(id)).Distinct().ToList();
        var edges = delta.Supports.Select(s => s.EdgeId).Where(id => !newEdges.Contains(id)).Distinct().ToList();
        if (await CountAsync(connection, transaction, scope, "graph_nodes", nodes, cancellationToken).ConfigureAwait(false) != nodes.Count
            || await CountAsync(connection, transaction, scope, "graph_edges", edges, cancellationToken).ConfigureAwait(false) != edges.Count)
        {
            throw new MemoryConflictException("The graph of this scope was erased by a concurrent request; nothing was written. Retry the request.");
        }
    }

    private static async Task<long> CountAsync(SqliteConnection connection, SqliteTransaction transaction, MemoryScope scope, string table, List<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT count(*) FROM {table} t WHERE t.id IN (SELECT value FROM json_each(@ids)) AND {SqliteGraphSql.Tenant(scope, command, "t")}";
        command.Parameters.AddWithValue("@ids", System.Text.Json.JsonSerializer.Serialize(ids.Select(id => id.ToString())));
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
