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

    [Fact]
    public async Task TheDashboardShowsMemoryApisMcpEndpointAndItListsTheToolsWithTheKey()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var shown = await fixture.App.ResourceNotifications.WaitForResourceAsync(
            "memoryapi", e => e.Snapshot.Urls.Any(u => u.Url.EndsWith("/mcp", StringComparison.Ordinal)), cancellationToken);
        var mcp = shown.Snapshot.Urls.First(u => u.Url.EndsWith("/mcp", StringComparison.Ordinal));
        Assert.Equal("MCP endpoint (/mcp)", mcp.DisplayProperties.DisplayName);

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, mcp.Url)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-API-Key", TopologyFixture.ApiKey);
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request, cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"add_memory\"", await response.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
    }
}
