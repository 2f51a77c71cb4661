using System.Net.Http.Json;

namespace AppHost.Tests.Topology;

/// <summary>A development environment that forgets its memories on restart would be a bug for this product.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task MemoriesWrittenBeforeAnAppHostRestartAreThereAfterIt()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var dataDirectory = TestFolders.PostgresDataDirectory();
        var user = $"restart-{Guid.NewGuid():N}";
        try
        {
            string id;
            await using (var first = await StartMemoryApiOnlyAsync(dataDirectory, cancellationToken))
            {
                using var api = MemoryApi(first);
                using var added = await api.PostAsJsonAsync("/memories", new { messages = "My sister Maria visits on Sundays.", user_id = user, infer = false }, cancellationToken);
                added.EnsureSuccessStatusCode();
                id = (await added.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("results")[0].GetProperty("id").GetString()!;
            }

            // The AppHost stopped PostgreSQL cleanly (a fast shutdown removes its pid file), not by killing it.
            Assert.True(File.Exists(Path.Combine(dataDirectory, "PG_VERSION")));
            Assert.False(File.Exists(Path.Combine(dataDirectory, "postmaster.pid")), "PostgreSQL was still running after the AppHost stopped");

            await using var second = await StartMemoryApiOnlyAsync(dataDirectory, cancellationToken);
            using var again = MemoryApi(second);
            var memory = Assert.Single(await MemoryApiCalls.MemoriesAsync(again, $"user_id={user}", cancellationToken));
            Assert.Equal(id, memory.GetProperty("id").GetString());
            Assert.Equal("My sister Maria visits on Sundays.", memory.GetProperty("memory").GetString());
        }
        finally
        {
            TestFolders.Delete(dataDirectory);
        }
    }

    private static async Task<DistributedApplication> StartMemoryApiOnlyAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TopologyFixture.StartupTimeout);
        var builder = await TopologyBuilder.CreateAsync(dataDirectory, [], timeout.Token);
        // Only what this test needs: PostgreSQL and the memory API.
        foreach (var resource in builder.Resources.Where(r => r.Name is "djangosample" or "distillationworker").ToList())
        {
            builder.Resources.Remove(resource);
        }

        var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("memoryapi", timeout.Token);
        return app;
    }

    private static HttpClient MemoryApi(DistributedApplication app)
    {
        var http = app.CreateHttpClient("memoryapi");
        http.DefaultRequestHeaders.Add("X-API-Key", TopologyFixture.ApiKey);
        return http;
    }
}
