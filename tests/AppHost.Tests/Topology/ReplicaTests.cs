using System.Net.Http.Json;

namespace AppHost.Tests.Topology;

/// <summary>Two MemoryApi processes on one database, as in production.</summary>
[Collection(TopologyCollection.Name)]
public sealed class ReplicaTests(TopologyFixture fixture)
{
    [Fact]
    public async Task ParallelIdenticalAddsSpreadOverBothReplicasLeaveOneMemory()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var replicas = await Replicas.BaseUrlsAsync(fixture.App, "memoryapi", TopologyFixture.MemoryApiReplicas, timeout.Token);
        Assert.Equal(2, replicas.Distinct().Count());
        var user = $"replicas-{Guid.NewGuid():N}";
        var add = new { messages = "I take my medicine at eight every morning.", user_id = user, infer = false };

        // 16 adds at once, alternating between the replicas' own addresses (no proxy choosing for us).
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            using var http = new HttpClient { BaseAddress = replicas[i % 2] };
            http.DefaultRequestHeaders.Add("X-API-Key", TopologyFixture.ApiKey);
            using var response = await http.PostAsJsonAsync("/memories", add, cancellationToken);
            return response.StatusCode;
        }));

        Assert.All(responses, status => Assert.Equal(HttpStatusCode.OK, status));
        using var api = fixture.MemoryApiClient();
        var memory = Assert.Single(await MemoryApiCalls.MemoriesAsync(api, $"user_id={user}", cancellationToken));
        var history = await api.GetFromJsonAsync<JsonElement>($"/memories/{memory.GetProperty("id").GetString()}/history", cancellationToken);
        Assert.Single(history.GetProperty("results").EnumerateArray(), h => h.GetProperty("event").GetString() == "ADD");
    }
}
