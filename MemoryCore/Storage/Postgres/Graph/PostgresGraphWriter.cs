using MemoryCore.Graph;
using MemoryCore.Model;
using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace MemoryCore.Storage.Postgres.Graph;

/// <summary>
/// The graph statements of one commit, appended to the memory batch so that they run in its transaction and round
/// trip. In order: withdraw the support of deleted or rewritten memories; apply the planned delta (nodes, relations,
/// supports, contradictions); then invalidate every current relation of the scope left without support.
/// </summary>
internal sealed class PostgresGraphWriter(PostgresGraphSql sql)
{
    /// <summary>Appends the graph statements of <paramref name="changes"/> to the memory batch (after its memory rows).</summary>
    public static void AppendTo(NpgsqlBatch batch, PostgresSql sql, MemoryScope scope, IReadOnlyList<MemoryChange> changes, DateTimeOffset now)
    {
        foreach (var command in new PostgresGraphWriter(new PostgresGraphSql(sql)).Commands(scope, changes, now))
        {
            batch.BatchCommands.Add(command);
        }
    }

    public IEnumerable<NpgsqlBatchCommand> Commands(MemoryScope scope, IReadOnlyList<MemoryChange> changes, DateTimeOffset now)
    {
        var withdrawn = changes.Where(c => c is DeleteMemory or UpdateMemory { Embedding: not null }).Select(c => c.MemoryId).Distinct().ToArray();
        var deltas = changes.OfType<ApplyGraphDelta>().Select(c => c.Delta).ToList();
        if (withdrawn.Length == 0 && deltas.Count == 0)
        {
            yield break;
        }

        if (withdrawn.Length > 0)
        {
            var withdraw = Command($"DELETE FROM {sql.Sources} x WHERE x.memory_id = ANY(@ids)", ("ids", withdrawn, NpgsqlDbType.Array | NpgsqlDbType.Uuid));
            withdraw.CommandText += $" AND {PostgresGraphSql.Tenant(scope, withdraw.Parameters, "x")}";
            yield return withdraw;
        }

        foreach (var delta in deltas)
        {
            foreach (var command in DeltaCommands(scope, delta))
            {
                yield return command;
            }
        }

        var sweep = new NpgsqlBatchCommand();
        sweep.CommandText =
            $"UPDATE {sql.Edges} e SET valid_to = GREATEST(e.valid_from, @at), invalidated_at = @at, invalid_reason = '{InvalidReasons.Unsupported}' " +
            $"WHERE {PostgresGraphSql.Exact(scope, sweep.Parameters, "e")} AND e.valid_to IS NULL " +
            $"AND NOT EXISTS (SELECT 1 FROM {sql.Sources} x WHERE x.edge_id = e.id)";
        sweep.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = now.UtcDateTime });
        yield return sweep;
    }

    private IEnumerable<NpgsqlBatchCommand> DeltaCommands(MemoryScope scope, GraphDelta delta)
    {
        var at = ("at", (object)delta.At.UtcDateTime, NpgsqlDbType.TimestampTz);
        if (delta.Nodes.Count > 0)
        {
            var nodes = Command(
                $"INSERT INTO {sql.Nodes} (id, tenant_id, user_id, agent_id, run_id, app_id, name, type, is_self, embedding, created_at) " +
                "SELECT u.id, @tenant_id, @user_id, @agent_id, @run_id, @app_id, u.name, u.type, u.is_self, u.embedding, @at " +
                "FROM unnest(@ids, @names, @types, @selves, @embeddings) AS u(id, name, type, is_self, embedding)",
                ("ids", delta.Nodes.Select(n => n.Id).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid),
                ("names", delta.Nodes.Select(n => n.Name).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
                ("types", delta.Nodes.Select(n => n.Type).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
                ("selves", delta.Nodes.Select(n => n.IsSelf).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Boolean),
                at);
            nodes.Parameters.Add(new NpgsqlParameter("embeddings", delta.Nodes.Select(n => new Vector(n.Embedding)).ToArray()));
            PostgresGraphSql.AddValues(nodes.Parameters, scope);
            yield return nodes;
        }

        if (delta.Edges.Count > 0)
        {
            var edges = Command(
                $"INSERT INTO {sql.Edges} (id, tenant_id, user_id, agent_id, run_id, app_id, source_id, relationship, destination_id, valid_from, created_at) " +
                "SELECT u.id, @tenant_id, @user_id, @agent_id, @run_id, @app_id, u.source_id, u.relationship, u.destination_id, @at, @at " +
                "FROM unnest(@ids, @sources, @relationships, @destinations) AS u(id, source_id, relationship, destination_id)",
                ("ids", delta.Edges.Select(e => e.Id).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid),
                ("sources", delta.Edges.Select(e => e.SourceId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid),
                ("relationships", delta.Edges.Select(e => e.Relationship).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
                ("destinations", delta.Edges.Select(e => e.DestinationId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid),
                at);
            PostgresGraphSql.AddValues(edges.Parameters, scope);
            yield return edges;
        }

        if (delta.Supports.Count > 0)
        {
            var supports = Command(
                $"INSERT INTO {sql.Sources} (edge_id, memory_id, tenant_id) SELECT u.edge_id, u.memory_id, @tenant_id FROM unnest(@edges, @memories) AS u(edge_id, memory_id) ON CONFLICT DO NOTHING",
                ("edges", delta.Supports.Select(s => s.EdgeId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid),
                ("memories", delta.Supports.Select(s => s.MemoryId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid),
                ("tenant_id", scope.Tenant, NpgsqlDbType.Text));
            yield return supports;
        }

        if (delta.Contradicted.Count > 0)
        {
            var contradicted = Command(
                $"UPDATE {sql.Edges} e SET valid_to = GREATEST(e.valid_from, @at), invalidated_at = @at, invalid_reason = '{InvalidReasons.Contradicted}' " +
                "WHERE e.id = ANY(@ids) AND e.valid_to IS NULL",
                ("ids", delta.Contradicted.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid),
                at);
            contradicted.CommandText += $" AND {PostgresGraphSql.Tenant(scope, contradicted.Parameters, "e")}";
            yield return contradicted;
        }
    }

    private static NpgsqlBatchCommand Command(string text, params (string Name, object Value, NpgsqlDbType Type)[] parameters)
    {
        var command = new NpgsqlBatchCommand(text);
        foreach (var (name, value, type) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        }

        return command;
    }
}
