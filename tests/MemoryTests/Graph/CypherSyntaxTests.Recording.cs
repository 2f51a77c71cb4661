using System.Net.Http.Json;
using MemoryCore.Graph;
using MemoryCore.Graph.Neo4j;
using MemoryCore.Model;
using MemoryTests.Api;

namespace MemoryTests.Graph;

/// <summary>
/// How <see cref="CypherSyntaxTests"/> gets its statements: the real projection (through the API, as deployed) and the
/// real reader run against <see cref="FakeNeo4jServer"/>, which records each statement with its parameters.
/// </summary>
public sealed partial class CypherSyntaxTests
{
    /// <summary>Runs every path that sends Cypher and returns what reached the fake server.</summary>
    private async Task<List<CypherStatement>> RecordAsync()
    {
        await ProjectThroughTheApiAsync();
        await ReadThroughTheReaderAsync();
        return Sent();
    }

    /// <summary>The projection's paths: sync after writes (with an invalidation, an update, a delete), rebuild, erase, reset.</summary>
    private async Task ProjectThroughTheApiAsync()
    {
        var added = await AddAsync(new { messages = "My mother Maria loves gardening.", user_id = "ana" });
        await AddAsync(new { messages = "I live in Paris.", user_id = "ana" });
        await AddAsync(new { messages = "I live in Rome.", user_id = "ana" });
        await AddAsync(new { messages = "My sister Sofia plays tennis.", user_id = "bob", agent_id = "coach" });
        (await Client.PutAsJsonAsync($"/memories/{added[0].Str("id")}", new { text = "My mother Maria loves roses." })).EnsureSuccessStatusCode();
        (await Client.DeleteAsync($"/memories/{added[0].Str("id")}")).EnsureSuccessStatusCode();

        using var admin = Factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey);
        await (await admin.PostAsync("/admin/graph/rebuild", null)).ReadJsonAsync();
        (await Client.DeleteAsync("/memories?user_id=ana")).EnsureSuccessStatusCode();
        (await admin.PostAsync("/reset", null)).EnsureSuccessStatusCode();
    }

    /// <summary>The reader's paths, called directly: search reads the relational graph, so no API route reaches them.</summary>
    private async Task ReadThroughTheReaderAsync()
    {
        using var http = new HttpClient();
        var reader = new Neo4jGraphReader(new Neo4jQueryClient(http, new Neo4jOptions { Uri = Neo4j.BaseUrl.ToString() }));
        var ana = MemoryScope.Create("ana", null, null);
        var cancel = TestContext.Current.CancellationToken;
        ReadOnlyMemory<float>[] vectors = [new float[] { 0.6f, 0.8f }];
        foreach (var asOf in new DateTimeOffset?[] { null, DateTimeOffset.UtcNow })
        {
            await reader.NeighbourhoodAsync(new GraphSearch(ana, vectors, ["mother"], true, 0.7, 2, asOf, 10), cancel);
            await reader.RelationsAsync(ana, asOf, includeHistory: asOf is null, cancel);
        }

        await reader.NeighbourhoodAsync(new GraphSearch(MemoryScope.Create(null, "coach", null), [], [], false, 0.7, GraphSearch.MaxHops, null, 10), cancel);
        await reader.NodesAsync(ana, cancel);
    }

    /// <summary>Each distinct statement with the parameter names its request sent (Neo4j fails a statement on a missing one).</summary>
    private List<CypherStatement> Sent() =>
        Neo4j.Requests
            .Select(r => (Statement: r.Body.RootElement.GetProperty("statement").GetString()!,
                          Parameters: string.Join(",", r.Body.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal))))
            .Distinct()
            .Select(s => new CypherStatement(s.Statement, s.Parameters.Split(',', StringSplitOptions.RemoveEmptyEntries)))
            .ToList();
}
