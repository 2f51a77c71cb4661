namespace AppHost.Tests.Topology;

[Collection(TopologyCollection.Name)]
public sealed class ResourceStateTests(TopologyFixture fixture)
{
    [Fact]
    public async Task EveryServiceRunsHealthyAndTheNoticeSaysLocalModeWithTheRelationalGraph()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        foreach (var name in TopologyFixture.ServiceResources)
        {
            var ready = await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(name, cancellationToken);
            Assert.Equal(KnownResourceStates.Running, ready.Snapshot.State?.Text);
        }

        var notice = await fixture.App.ResourceNotifications.WaitForResourceAsync(
            "graph", e => e.Snapshot.State?.Text is { Length: > 0 }, cancellationToken);
        Assert.Equal("Relational, no Neo4j", notice.Snapshot.State!.Text);
        Assert.Contains(notice.Snapshot.Properties, p => p.Name == "infrastructure.mode" && (string?)p.Value == "Local");
        Assert.Contains(notice.Snapshot.Properties, p => p.Name == "infrastructure.graph" && (string?)p.Value == "relational");
    }

    [Fact]
    public async Task MemoryApiAnswersHealthThroughTheAppHostEndpoint()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var http = fixture.App.CreateHttpClient("memoryapi");

        using var response = await http.GetAsync("/health", cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(cancellationToken));
    }
}
