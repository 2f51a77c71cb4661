using System.Text.RegularExpressions;

namespace MemoryCore.Graph.Neo4j;

/// <summary>
/// Every Cypher statement the Neo4j provider sends. All values are parameters; the only literals are the label,
/// the relationship type, the default tenant's name and the walk's upper bound (<see cref="GraphSearch.MaxHops"/> - 1,
/// filtered by $hops). Every MATCH checks the tenant ($tenant).
/// </summary>
internal static partial class Neo4jCypher
{
    public const string UniqueIdConstraint = "CREATE CONSTRAINT memory_entity_id IF NOT EXISTS FOR (e:MemoryEntity) REQUIRE e.id IS UNIQUE";

    /// <summary>The tenant of a node: nodes projected before tenants existed have none and are the default tenant's.</summary>
    public static string TenantOn(string node) => $"coalesce({node}.tenant, '{Model.MemoryScope.DefaultTenant}') = $tenant";

    public const string DeleteStaleNodes = "MATCH (e:MemoryEntity {scope: $scope}) WHERE @@TENANT_E@@ AND NOT e.id IN $ids DETACH DELETE e";

    public const string DeleteStaleRelations = "MATCH (e:MemoryEntity {scope: $scope})-[x:RELATES_TO]->() WHERE @@TENANT_E@@ AND NOT x.id IN $ids DELETE x";

    public const string MergeNodes = """
        UNWIND $nodes AS n
        MERGE (e:MemoryEntity {id: n.id})
        SET e.scope = $scope, e.tenant = $tenant, e.user_id = $user_id, e.agent_id = $agent_id, e.run_id = $run_id, e.app_id = $app_id, e.name = n.name, e.type = n.type,
            e.is_self = n.is_self, e.created_at = datetime(n.created_at), e.embedding = n.embedding
        """;

    public const string MergeRelations = """
        UNWIND $edges AS r
        MATCH (a:MemoryEntity {id: r.source}), (b:MemoryEntity {id: r.destination}) WHERE @@TENANT_A@@ AND @@TENANT_B@@
        MERGE (a)-[x:RELATES_TO {id: r.id}]->(b)
        SET x.scope = $scope, x.tenant = $tenant, x.relationship = r.relationship, x.valid_from = datetime(r.valid_from), x.valid_to = datetime(r.valid_to),
            x.created_at = datetime(r.created_at), x.invalidated_at = datetime(r.invalidated_at), x.invalid_reason = r.invalid_reason,
            x.memory_ids = r.memory_ids
        """;

    public const string DeleteMatching = """
        MATCH (e:MemoryEntity)
        WHERE @@TENANT_E@@ AND ($user_id IS NULL OR e.user_id = $user_id) AND ($agent_id IS NULL OR e.agent_id = $agent_id) AND ($run_id IS NULL OR e.run_id = $run_id)
          AND ($app_id IS NULL OR e.app_id = $app_id)
        DETACH DELETE e
        """;

    public const string DeleteAll = "MATCH (e:MemoryEntity) DETACH DELETE e";

    /// <summary>Read scope semantics on a node variable: the tenant, and a missing id matches any.</summary>
    public static string ScopeOn(string node) =>
        $"{TenantOn(node)} AND ($user_id IS NULL OR {node}.user_id = $user_id) AND ($agent_id IS NULL OR {node}.agent_id = $agent_id) AND ($run_id IS NULL OR {node}.run_id = $run_id)" +
        $" AND ($app_id IS NULL OR {node}.app_id = $app_id)";

    /// <summary>The relationship is valid at $as_of, or current when $as_of is null.</summary>
    public static string ValidOn(string relationship) =>
        $"(CASE WHEN $as_of IS NULL THEN {relationship}.valid_to IS NULL ELSE {relationship}.valid_from <= datetime($as_of) AND ({relationship}.valid_to IS NULL OR {relationship}.valid_to > datetime($as_of)) END)";

    /// <summary>Fills every @@TENANT_X@@ slot with the tenant check on variable x (lower-cased): every MATCH names the tenant.</summary>
    public static string WithTenant(string template) =>
        TenantSlot().Replace(template, slot => TenantOn(slot.Groups[1].Value.ToLowerInvariant()));

    [GeneratedRegex("@@TENANT_([A-Z0-9]+)@@")]
    private static partial Regex TenantSlot();

    /// <summary>Fills the @@NAME@@ slots of a template (Cypher's own braces make string.Format unusable).</summary>
    public static string Fill(string template, params (string Slot, string Text)[] slots) =>
        slots.Aggregate(template, (text, slot) => text.Replace("@@" + slot.Slot + "@@", slot.Text, StringComparison.Ordinal));

    public const string RelationColumns = """
        x.id AS id, a.id AS source_id, a.name AS source, x.relationship AS relationship, b.id AS destination_id, b.name AS destination,
        toString(x.valid_from) AS valid_from, toString(x.valid_to) AS valid_to, toString(x.created_at) AS created_at,
        toString(x.invalidated_at) AS invalidated_at, x.invalid_reason AS invalid_reason, x.memory_ids AS memory_ids
        """;

    public const string Nodes = """
        MATCH (n:MemoryEntity) WHERE @@SCOPE@@
        RETURN n.id AS id, coalesce(n.tenant, $tenant) AS tenant, n.user_id AS user_id, n.agent_id AS agent_id, n.run_id AS run_id, n.app_id AS app_id, n.name AS name, n.type AS type,
               n.is_self AS is_self, toString(n.created_at) AS created_at
        ORDER BY n.created_at, n.id
        """;

    public const string Relations = """
        MATCH (a:MemoryEntity)-[x:RELATES_TO]->(b:MemoryEntity) WHERE @@SCOPE@@ AND @@TENANT_B@@ AND ($history OR @@VALID_X@@)
        RETURN @@COLUMNS@@
        ORDER BY x.created_at, x.id
        """;

    /// <summary>Seeds (similar names, the user's named relationships, the user), then paths of up to $hops - 1
    /// steps that never pass through a non-seed user node, then the valid relationships of the reached nodes.</summary>
    public const string Neighbourhood = """
        MATCH (n:MemoryEntity) WHERE @@SCOPE@@
        WITH n, [q IN $vectors | reduce(dot = 0.0, i IN range(0, size(q) - 1) | dot + q[i] * n.embedding[i])
                 / (sqrt(reduce(s = 0.0, v IN q | s + v * v)) * sqrt(reduce(s = 0.0, v IN n.embedding | s + v * v)) + 1e-12)] AS sims
        WITH n, CASE WHEN n.is_self OR size(sims) = 0 THEN 0.0 ELSE reduce(m = 0.0, s IN sims | CASE WHEN s > m THEN s ELSE m END) END AS sim
        OPTIONAL MATCH (owner:MemoryEntity {is_self: true})-[r2:RELATES_TO]->(n) WHERE r2.relationship IN $roles AND @@TENANT_OWNER@@ AND @@VALID_R2@@
        WITH n, CASE WHEN sim >= $threshold THEN sim WHEN r2 IS NOT NULL THEN 1.0 WHEN n.is_self AND $include_self THEN 1.0 ELSE null END AS score
        WHERE score IS NOT NULL
        WITH n AS seed, max(score) AS score
        MATCH p = (seed)-[:RELATES_TO*0..4]-(m:MemoryEntity)
        WHERE length(p) < $hops AND @@TENANT_M@@ AND all(k IN relationships(p) WHERE @@VALID_K@@)
          AND all(k IN nodes(p)[1..] WHERE NOT k.is_self)
        WITH m, min(length(p)) AS depth, max(score) AS score
        MATCH (a:MemoryEntity)-[x:RELATES_TO]->(b:MemoryEntity) WHERE (a = m OR b = m) AND @@TENANT_A@@ AND @@TENANT_B@@ AND @@VALID_X@@
        WITH x, a, b, min(depth) AS depth, max(score) AS score
        RETURN @@COLUMNS@@, depth, score
        ORDER BY depth, score DESC, x.created_at, x.id
        LIMIT $limit
        """;
}
