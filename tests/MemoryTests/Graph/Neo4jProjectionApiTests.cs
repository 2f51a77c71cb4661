using System.Net;
using System.Text;
using MemoryTests.Api;
using MemoryTests.Infrastructure;

namespace MemoryTests.Graph;

/// <summary>
/// GRAPH_STORE_PROVIDER=neo4j against <see cref="FakeNeo4jServer"/>: what the projection sends (endpoint, basic auth,
/// parameterised Cypher, MERGE on scope-qualified ids), that a failing Neo4j never fails a write, and the admin rebuild.
/// </summary>
public sealed class Neo4jProjectionApiTests : FakeNeo4jApiTestBase
{
    [Fact]
    public async Task A_write_is_projected_with_parameterised_merges_over_the_query_api()
    {
        await (await Client.PostJsonAsync("/memories", new { messages = "My mother Maria loves gardening.", user_id = "ana" })).ReadJsonAsync();

        var requests = Neo4j.Requests;
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Equal("/db/neo4j/query/v2", r.Path));
        Assert.All(requests, r => Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("neo4j:secret")), r.Authorization));
        Assert.All(Neo4j.Statements, s => Assert.DoesNotContain("Maria", s, StringComparison.Ordinal)); // values only as parameters
        var merges = requests.Where(r => r.Body.RootElement.GetProperty("statement").GetString()!.Contains("MERGE", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, merges.Count);
        var nodes = merges[0].Body.RootElement.GetProperty("parameters").GetProperty("nodes").EnumerateArray().ToList();
        Assert.Contains(nodes, n => n.GetProperty("name").GetString() == "Maria");
        Assert.All(nodes, n => Assert.StartsWith(merges[0].Body.RootElement.GetProperty("parameters").GetProperty("scope").GetString() + "/", n.GetProperty("id").GetString(), StringComparison.Ordinal));
        var edges = merges[1].Body.RootElement.GetProperty("parameters").GetProperty("edges").EnumerateArray().ToList();
        Assert.Equal(["loves", "mother"], edges.Select(e => e.GetProperty("relationship").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_failingNeo4j_never_fails_the_write_and_rebuild_repairs_it()
    {
        Neo4j.FailWith = 503;
        var add = await (await Client.PostJsonAsync("/memories", new { messages = "My sister Sofia plays tennis.", user_id = "ana" })).ReadJsonAsync();
        Assert.Equal(2, add.GetProperty("relations").GetProperty("added_entities").GetArrayLength());
        Assert.Equal(2, (await (await Client.GetAsync("/graph/relations?user_id=ana")).ReadJsonAsync()).Results().Length);

        using var admin = Factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey);
        await (await admin.PostAsync("/admin/graph/rebuild", null)).ReadProblemAsync(HttpStatusCode.ServiceUnavailable);

        Neo4j.FailWith = null;
        Neo4j.Clear();
        var rebuilt = await (await admin.PostAsync("/admin/graph/rebuild", null)).ReadJsonAsync();

        Assert.Equal((1, 3, 2), (rebuilt.GetProperty("scopes").GetInt32(), rebuilt.GetProperty("nodes").GetInt32(), rebuilt.GetProperty("relations").GetInt32()));
        Assert.Equal("MATCH (e:MemoryEntity) DETACH DELETE e", Neo4j.Statements[0]);
    }

    [Fact]
    public async Task Delete_all_and_reset_reach_the_projection()
    {
        await (await Client.PostJsonAsync("/memories", new { messages = "I live in Lisbon.", user_id = "ana" })).ReadJsonAsync();
        Neo4j.Clear();

        (await Client.DeleteAsync("/memories?user_id=ana")).EnsureSuccessStatusCode();
        using var admin = Factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey);
        (await admin.PostAsync("/reset", null)).EnsureSuccessStatusCode();

        var erase = Neo4j.Requests[0].Body.RootElement;
        Assert.Contains("DETACH DELETE", erase.GetProperty("statement").GetString(), StringComparison.Ordinal);
        Assert.Equal("ana", erase.GetProperty("parameters").GetProperty("user_id").GetString());
        Assert.Equal("MATCH (e:MemoryEntity) DETACH DELETE e", Neo4j.Statements[^1]);
    }

    [Fact]
    public async Task Erasing_a_person_erases_their_projection_across_agents_and_runs()
    {
        await (await Client.PostJsonAsync("/memories", new { messages = "My mother Maria loves gardening.", user_id = "ana", agent_id = "helper", run_id = "r1" })).ReadJsonAsync();
        Neo4j.Clear();

        var erased = await (await Client.DeleteAsync("/users/ana")).ReadJsonAsync();

        Assert.Equal(2, erased.GetProperty("counts").GetProperty("graph_edges").GetInt32());
        var erase = Assert.Single(Neo4j.Requests).Body.RootElement;
        Assert.Contains("DETACH DELETE", erase.GetProperty("statement").GetString(), StringComparison.Ordinal);
        var parameters = erase.GetProperty("parameters");
        Assert.Equal("ana", parameters.GetProperty("user_id").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, parameters.GetProperty("agent_id").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, parameters.GetProperty("run_id").ValueKind);
    }
}
