using System.Text.Json;
using MemoryCore.Graph;
using MemoryCore.Graph.Neo4j;
using MemoryCore.Model;

namespace MemoryTests.Graph;

/// <summary>
/// The Neo4j projection and reader name the scope's tenant in every statement that matches stored data, and send it:
/// checked on what reaches <see cref="FakeNeo4jServer"/> (no Neo4j here; the statements' syntax is
/// <see cref="CypherSyntaxTests"/>' job, their effect the live suite's).
/// </summary>
public sealed class Neo4jTenantTests : IAsyncLifetime
{
    private static readonly MemoryScope AnaInT1 = MemoryScope.Create("ana", null, null, "t1");

    private readonly HttpClient _http = new();
    private FakeNeo4jServer _neo4j = null!;
    private Neo4jQueryClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _neo4j = await FakeNeo4jServer.StartAsync();
        _client = new Neo4jQueryClient(_http, new Neo4jOptions { Uri = _neo4j.BaseUrl.ToString() });
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _neo4j.DisposeAsync();
    }

    [Fact]
    public async Task Every_statement_touching_stored_nodes_checks_and_sends_the_scopes_tenant()
    {
        var (self, maria) = (new GraphNode(Guid.NewGuid(), AnaInT1, "ana", "person", true, DateTimeOffset.UtcNow), new GraphNode(Guid.NewGuid(), AnaInT1, "Maria", "person", false, DateTimeOffset.UtcNow));
        var mother = new GraphRelation(Guid.NewGuid(), self.Id, "ana", "mother", maria.Id, "Maria", DateTimeOffset.UtcNow, null, DateTimeOffset.UtcNow, null, null, [Guid.NewGuid()]);
        var projection = new Neo4jGraphProjection(_client);
        await projection.SyncScopeAsync(new GraphSnapshot(AnaInT1, [(self, new float[] { 1, 0 }), (maria, new float[] { 0, 1 })], [mother]), CancellationToken.None);
        await projection.DeleteMatchingAsync(AnaInT1, CancellationToken.None);
        var reader = new Neo4jGraphReader(_client);
        await reader.NeighbourhoodAsync(new GraphSearch(AnaInT1, [new float[] { 0, 1 }], ["mother"], true, 0.7, 2, null, 10), CancellationToken.None);
        await reader.RelationsAsync(AnaInT1, null, includeHistory: true, CancellationToken.None);
        await reader.NodesAsync(AnaInT1, CancellationToken.None);

        var sent = _neo4j.Requests.Select(r => r.Body.RootElement).Where(r => !r.GetProperty("statement").GetString()!.StartsWith("CREATE CONSTRAINT", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, sent.Count); // sync (4 statements), delete_all, and the three reads
        Assert.All(sent, request =>
        {
            var statement = request.GetProperty("statement").GetString()!;
            Assert.Equal("t1", request.GetProperty("parameters").GetProperty("tenant").GetString());
            Assert.DoesNotContain("@@", statement, StringComparison.Ordinal); // every slot filled
            if (statement.Contains("MATCH", StringComparison.Ordinal))
            {
                Assert.Contains("coalesce(", statement, StringComparison.Ordinal);
                Assert.Contains(".tenant, 'default') = $tenant", statement, StringComparison.Ordinal);
            }
        });
        var merged = Assert.Single(sent, r => r.GetProperty("statement").GetString()!.Contains("MERGE (e:MemoryEntity", StringComparison.Ordinal));
        Assert.Contains("e.tenant = $tenant", merged.GetProperty("statement").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, merged.GetProperty("parameters").GetProperty("nodes").ValueKind);
    }
}
