using MemoryCore.Model;

namespace MemoryCore.Graph.Neo4j;

/// <summary>A copy of the relational graph somewhere else, refreshed after commits and rebuilt on demand.</summary>
public interface IGraphProjection
{
    /// <summary>Makes the projection of one exact scope equal to <paramref name="snapshot"/>.</summary>
    Task SyncScopeAsync(GraphSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Removes every scope <paramref name="scope"/> matches (read semantics, in its tenant), as delete_all does.</summary>
    Task DeleteMatchingAsync(MemoryScope scope, CancellationToken cancellationToken);

    /// <summary>Removes everything this service projected.</summary>
    Task ResetAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The Neo4j projection: (:MemoryEntity) nodes and [:RELATES_TO] relationships carrying the relationship name,
/// validity and supporting memory ids as properties (a fixed type, because a relationship type cannot be a
/// parameter). Every id is scope-qualified (the scope key names the tenant) and every write is a MERGE, so a sync can
/// be repeated safely. Nodes and relationships carry their tenant, and every MATCH checks it.
/// </summary>
public sealed class Neo4jGraphProjection(Neo4jQueryClient client) : IGraphProjection
{
    private int _schemaReady;

    public static string ScopeKey(MemoryScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.LockKey;
    }

    public static string NodeId(MemoryScope scope, Guid id) => $"{ScopeKey(scope)}/{id:N}";

    public async Task SyncScopeAsync(GraphSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var scope = snapshot.Scope;
        var key = ScopeKey(scope);
        var nodes = snapshot.Nodes.Select(n => new Dictionary<string, object?>
        {
            ["id"] = NodeId(scope, n.Node.Id), ["name"] = n.Node.Name, ["type"] = n.Node.Type, ["is_self"] = n.Node.IsSelf,
            ["created_at"] = n.Node.CreatedAt.ToString("O"), ["embedding"] = n.Embedding.ToArray(),
        }).ToList();
        var edges = snapshot.Relations.Select(r => new Dictionary<string, object?>
        {
            ["id"] = NodeId(scope, r.EdgeId), ["source"] = NodeId(scope, r.SourceId), ["destination"] = NodeId(scope, r.DestinationId),
            ["relationship"] = r.Relationship, ["valid_from"] = r.ValidFrom.ToString("O"), ["valid_to"] = r.ValidTo?.ToString("O"),
            ["created_at"] = r.CreatedAt.ToString("O"), ["invalidated_at"] = r.InvalidatedAt?.ToString("O"), ["invalid_reason"] = r.InvalidReason,
            ["memory_ids"] = r.MemoryIds.Select(m => m.ToString()).ToArray(),
        }).ToList();

        var tenant = scope.Tenant;
        await client.RunAsync(Neo4jCypher.WithTenant(Neo4jCypher.DeleteStaleNodes), new Dictionary<string, object?> { ["scope"] = key, ["tenant"] = tenant, ["ids"] = nodes.Select(n => n["id"]).ToArray() }, cancellationToken).ConfigureAwait(false);
        await client.RunAsync(Neo4jCypher.WithTenant(Neo4jCypher.DeleteStaleRelations), new Dictionary<string, object?> { ["scope"] = key, ["tenant"] = tenant, ["ids"] = edges.Select(e => e["id"]).ToArray() }, cancellationToken).ConfigureAwait(false);
        await client.RunAsync(Neo4jCypher.MergeNodes, new Dictionary<string, object?>
        {
            ["scope"] = key, ["tenant"] = tenant, ["user_id"] = scope.UserId, ["agent_id"] = scope.AgentId, ["run_id"] = scope.RunId, ["app_id"] = scope.AppId, ["nodes"] = nodes,
        }, cancellationToken).ConfigureAwait(false);
        await client.RunAsync(Neo4jCypher.WithTenant(Neo4jCypher.MergeRelations), new Dictionary<string, object?> { ["scope"] = key, ["tenant"] = tenant, ["edges"] = edges }, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteMatchingAsync(MemoryScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await client.RunAsync(Neo4jCypher.WithTenant(Neo4jCypher.DeleteMatching), new Dictionary<string, object?>
        {
            ["tenant"] = scope.Tenant, ["user_id"] = scope.UserId, ["agent_id"] = scope.AgentId, ["run_id"] = scope.RunId, ["app_id"] = scope.AppId,
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task ResetAsync(CancellationToken cancellationToken) =>
        await client.RunAsync(Neo4jCypher.DeleteAll, new Dictionary<string, object?>(), cancellationToken).ConfigureAwait(false);

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _schemaReady) == 0)
        {
            await client.RunAsync(Neo4jCypher.UniqueIdConstraint, new Dictionary<string, object?>(), cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _schemaReady, 1);
        }
    }
}
