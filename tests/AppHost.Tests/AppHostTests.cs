using System.Net.Http.Json;
using System.Text.Json;

namespace AppHost.Tests;

/// <summary>
/// End-to-end checks of the topology in AppHost/AppHost.cs.
/// REQUIRES DOCKER (or Podman), Python 3 and network access: see <see cref="AppHostFixture"/>.
/// </summary>
public sealed class AppHostTests(AppHostFixture fixture) : IClassFixture<AppHostFixture>
{
    private static readonly TimeSpan ResourceTimeout = AppHostFixture.StartupTimeout;

    [Fact]
    public async Task EveryResourceStartsAndBecomesHealthy()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        foreach (var resource in new[] { "postgres", "memorydb", "neo4j", "memoryapi", "distillationworker", "djangosample" })
        {
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken)
                .WaitAsync(ResourceTimeout, cancellationToken);
        }
    }

    [Fact]
    public async Task MemoryApiHealthEndpointAnswersHealthy()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("memoryapi", cancellationToken)
            .WaitAsync(ResourceTimeout, cancellationToken);
        using var http = fixture.App.CreateHttpClient("memoryapi");

        using var response = await http.GetAsync("/health", cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(cancellationToken));
    }

    [Fact]
    public async Task AddThenSearchRoundTripsThroughPostgresWithTheApiKey()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("memoryapi", cancellationToken)
            .WaitAsync(ResourceTimeout, cancellationToken);
        using var http = fixture.App.CreateHttpClient("memoryapi");
        var userId = $"apphost-{Guid.NewGuid():N}";
        var add = new
        {
            messages = new[] { new { role = "user", content = "I live in Lisbon and I swim every morning." } },
            user_id = userId,
            infer = false,
        };

        // The key parameter reached the API: without it the memory routes refuse.
        using (var anonymous = await http.PostAsJsonAsync("/memories", add, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        http.DefaultRequestHeaders.Add("X-API-Key", AppHostFixture.ApiKey);

        using (var added = await http.PostAsJsonAsync("/memories", add, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
            var results = (await added.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("results");
            Assert.Contains(results.EnumerateArray(), r => r.GetProperty("memory").GetString()!.Contains("Lisbon", StringComparison.Ordinal));
        }

        using var found = await http.PostAsJsonAsync("/search", new { query = "Where do I live?", user_id = userId }, cancellationToken);

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var hits = (await found.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("results");
        var hit = Assert.Single(hits.EnumerateArray());
        Assert.Contains("Lisbon", hit.GetProperty("memory").GetString(), StringComparison.Ordinal);
        Assert.Equal(userId, hit.GetProperty("user_id").GetString());
    }

    [Fact]
    public async Task DjangoSamplePageAnswersOk()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("djangosample", cancellationToken)
            .WaitAsync(ResourceTimeout, cancellationToken);
        using var http = fixture.App.CreateHttpClient("djangosample");

        using var response = await http.GetAsync("/", cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
