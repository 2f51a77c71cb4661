using System.Globalization;
using System.Text.Json;
using MemoryCore.Model;

namespace MemoryCore.Graph.Neo4j;

/// <summary>
/// Reads the Neo4j projection with the same contract as the relational graph (the conformance suite runs against it
/// when NEO4J_URI is set). Search itself reads the relational source of truth; this reader is for checking the
/// projection and for deployments that query Neo4j directly.
/// </summary>
public sealed class Neo4jGraphReader(Neo4jQueryClient client) : IGraphReader
{
    public async Task<IReadOnlyList<NeighbourhoodRelation>> NeighbourhoodAsync(GraphSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        var statement = Neo4jCypher.WithTenant(Neo4jCypher.Fill(Neo4jCypher.Neighbourhood,
            ("SCOPE", Neo4jCypher.ScopeOn("n")), ("VALID_R2", Neo4jCypher.ValidOn("r2")), ("VALID_K", Neo4jCypher.ValidOn("k")),
            ("VALID_X", Neo4jCypher.ValidOn("x")), ("COLUMNS", Neo4jCypher.RelationColumns)));
        var parameters = ScopeParameters(search.Scope, search.AsOf);
        parameters["vectors"] = search.EntityVectors.Select(v => v.ToArray()).ToArray();
        parameters["roles"] = search.SelfRelations.ToArray();
        parameters["include_self"] = search.IncludeSelf;
        parameters["threshold"] = search.Threshold;
        parameters["hops"] = Math.Clamp(search.Hops, 1, GraphSearch.MaxHops);
        parameters["limit"] = search.Limit;
        var rows = await client.RunAsync(statement, parameters, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new NeighbourhoodRelation(Relation(r), r["depth"].GetInt32(), r["score"].GetDouble())).ToList();
    }

    public async Task<IReadOnlyList<GraphRelation>> RelationsAsync(MemoryScope scope, DateTimeOffset? asOf, bool includeHistory, CancellationToken cancellationToken)
    {
        var statement = Neo4jCypher.WithTenant(
            Neo4jCypher.Fill(Neo4jCypher.Relations, ("SCOPE", Neo4jCypher.ScopeOn("a")), ("VALID_X", Neo4jCypher.ValidOn("x")), ("COLUMNS", Neo4jCypher.RelationColumns)));
        var parameters = ScopeParameters(scope, asOf);
        parameters["history"] = includeHistory;
        var rows = await client.RunAsync(statement, parameters, cancellationToken).ConfigureAwait(false);
        return rows.Select(Relation).ToList();
    }

    public async Task<IReadOnlyList<GraphNode>> NodesAsync(MemoryScope scope, CancellationToken cancellationToken)
    {
        var statement = Neo4jCypher.Fill(Neo4jCypher.Nodes, ("SCOPE", Neo4jCypher.ScopeOn("n")));
        var rows = await client.RunAsync(statement, ScopeParameters(scope, null), cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new GraphNode(
            LocalId(r["id"]),
            MemoryScope.Create(Text(r["user_id"]), Text(r["agent_id"]), Text(r["run_id"]), Text(r["tenant"]), Text(r["app_id"])),
            r["name"].GetString()!,
            r["type"].GetString()!,
            r["is_self"].ValueKind == JsonValueKind.True,
            Time(r["created_at"])!.Value)).ToList();
    }

    private static Dictionary<string, object?> ScopeParameters(MemoryScope scope, DateTimeOffset? asOf)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new Dictionary<string, object?>
        {
            ["tenant"] = scope.Tenant, ["user_id"] = scope.UserId, ["agent_id"] = scope.AgentId, ["run_id"] = scope.RunId, ["app_id"] = scope.AppId, ["as_of"] = asOf?.ToString("O", CultureInfo.InvariantCulture),
        };
    }

    private static GraphRelation Relation(IReadOnlyDictionary<string, JsonElement> r) => new(
        LocalId(r["id"]), LocalId(r["source_id"]), r["source"].GetString()!, r["relationship"].GetString()!, LocalId(r["destination_id"]), r["destination"].GetString()!,
        Time(r["valid_from"])!.Value, Time(r["valid_to"]), Time(r["created_at"])!.Value, Time(r["invalidated_at"]), Text(r["invalid_reason"]),
        r["memory_ids"].ValueKind == JsonValueKind.Array ? r["memory_ids"].EnumerateArray().Select(m => Guid.Parse(m.GetString()!)).ToArray() : []);

    /// <summary>Projected ids are "scope/guid"; the contract speaks of the guid.</summary>
    private static Guid LocalId(JsonElement id) => Guid.ParseExact(id.GetString()![(id.GetString()!.LastIndexOf('/') + 1)..], "N");

    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? Timestamps.Truncate(DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture)) : null;
}
