using System.Net.Http.Json;

namespace AppHost.Tests.Topology;

/// <summary>The distillation worker, triggered through the endpoint the AppHost gives it.</summary>
[Collection(TopologyCollection.Name)]
public sealed class DistillationTests(TopologyFixture fixture)
{
    [Fact]
    public async Task ARunWritesDistillationMemoriesOnceAndASecondRunAddsNone()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var user = $"carla-{Guid.NewGuid():N}";
        using var api = fixture.MemoryApiClient();
        await AddSwimmingTurnsAsync(api, user, cancellationToken);

        using var worker = fixture.App.CreateHttpClient("distillationworker");
        worker.DefaultRequestHeaders.Add("X-API-Key", TopologyFixture.ApiKey);
        var distilled = $"user_id={user}&agent_id=distillation";

        var first = await RunAsync(worker, cancellationToken);
        var afterFirst = await MemoryApiCalls.MemoriesAsync(api, distilled, cancellationToken);
        var second = await RunAsync(worker, cancellationToken);
        var afterSecond = await MemoryApiCalls.MemoriesAsync(api, distilled, cancellationToken);

        Assert.True(afterFirst.Count > 0, $"the first run wrote nothing: {first}");
        Assert.All(afterFirst, m => Assert.Equal("distillation", m.GetProperty("agent_id").GetString()));
        Assert.Contains(afterFirst, m => m.GetProperty("memory").GetString()!.Contains("swim", StringComparison.OrdinalIgnoreCase));
        Assert.True(
            afterSecond.Select(Id).SequenceEqual(afterFirst.Select(Id)),
            $"the second run added memories: {second}");
    }

    [Fact]
    public async Task TwoWorkerProcessesTriggeredTogetherRunOnePassAndTheOtherIsBusy()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = fixture.MemoryApiClient();
        await AddSwimmingTurnsAsync(api, $"gil-{Guid.NewGuid():N}", cancellationToken);
        // The winning pass waits on the LLM for a while, so the two passes overlap whoever starts first.
        fixture.Llm.EnqueueChatDelay(TimeSpan.FromSeconds(3), """{"patterns":["The person often goes swimming at the pool."]}""");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var workers = await Replicas.BaseUrlsAsync(fixture.App, "distillationworker", TopologyFixture.WorkerReplicas, timeout.Token);

        var answers = await Task.WhenAll(workers.Select(async url =>
        {
            using var worker = new HttpClient { BaseAddress = url };
            worker.DefaultRequestHeaders.Add("X-API-Key", TopologyFixture.ApiKey);
            using var response = await worker.PostAsync("/distill/run", content: null, cancellationToken);
            return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken));
        }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var busy = answers.Single(a => a.StatusCode == HttpStatusCode.Conflict).Body;
        Assert.Equal("busy", busy.GetProperty("status").GetString());
        Assert.Equal("completed", answers.Single(a => a.StatusCode == HttpStatusCode.OK).Body.GetProperty("status").GetString());
    }

    private static async Task AddSwimmingTurnsAsync(HttpClient api, string user, CancellationToken cancellationToken)
    {
        foreach (var run in new[] { "r1", "r2", "r3" })
        {
            using var added = await api.PostAsJsonAsync("/memories", new
            {
                messages = new[] { new { role = "user", content = $"Today I went swimming at the pool ({run})." } },
                user_id = user,
                run_id = run,
                infer = false,
            }, cancellationToken);
            added.EnsureSuccessStatusCode();
        }
    }

    private static string Id(JsonElement memory) => memory.GetProperty("id").GetString()!;

    private static async Task<string> RunAsync(HttpClient worker, CancellationToken cancellationToken)
    {
        using var response = await worker.PostAsync("/distill/run", content: null, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"POST /distill/run answered {(int)response.StatusCode}: {body}");
        return body;
    }
}
