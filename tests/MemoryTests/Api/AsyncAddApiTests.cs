using System.Net;
using System.Text.Json;
using MemoryCore;
using MemoryCore.Extraction;
using MemoryCore.Model;
using MemoryTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryTests.Api;

/// <summary>Queued adds through the API on both stores: native ?async=true and GET /events/{id}, Mem0's async_mode and
/// GET /v1/event/{id}/, who may read an event, and retries that end in FAILED with the reason.</summary>
public abstract class AsyncAddApiTests : MemoryApiTestBase
{
    public const string OtherKey = "other-app-key-for-tests";

    protected override IDictionary<string, string?>? Settings => FastWorkers;

    internal static Dictionary<string, string?> FastWorkers => new()
    {
        ["Auth:ApiKeys:0"] = OtherKey,
        ["Events:PollMilliseconds"] = "50",
        ["Events:InitialBackoffSeconds"] = "0.05",
        ["Events:MaxBackoffSeconds"] = "0.2",
        ["Events:MaxAttempts"] = "3",
    };

    private async Task<(JsonElement Body, Uri Location)> AddAsyncAsync(object body)
    {
        var response = await Client.PostJsonAsync("/memories?async=true", body);
        var accepted = await response.ReadJsonAsync(HttpStatusCode.Accepted);
        return (accepted, response.Headers.Location!);
    }

    private async Task<JsonElement> WaitAsync(string path, HttpClient? client = null) =>
        await (await (client ?? Client).GetAsync(path + (path.Contains('?') ? "&" : "?") + "wait=20s")).ReadJsonAsync();

    [Fact]
    public async Task An_async_add_answers_202_with_its_event_and_the_event_ends_with_the_results_a_sync_add_gives()
    {
        var (accepted, location) = await AddAsyncAsync(new { messages = "I live in Lisbon.", user_id = "ana" });
        var done = await WaitAsync(location.OriginalString);
        var sync = await (await Client.PostJsonAsync("/memories", new { messages = "I live in Lisbon.", user_id = "bob" })).ReadJsonAsync();

        Assert.Equal("PENDING", accepted.Str("status"));
        Assert.Equal($"/events/{accepted.Str("event_id")}", location.OriginalString);
        Assert.Equal(("SUCCEEDED", 1), (done.Str("status"), done.GetProperty("attempts").GetInt32()));
        var result = Assert.Single(done.Results());
        Assert.Equal(("ADD", "I live in Lisbon."), (result.Str("event"), result.Str("memory")));
        Assert.Equal(sync.Results()[0].EnumerateObject().Select(p => p.Name), result.EnumerateObject().Select(p => p.Name));
        Assert.Equal(sync.GetProperty("relations").ToString().Replace("bob", "ana", StringComparison.Ordinal), done.GetProperty("relations").ToString());
        Assert.Equal(result.Str("id"), Assert.Single(await ListAsync("user_id=ana")).Str("id"));
        Assert.Equal("ana", done.Str("user_id"));
    }

    [Fact]
    public async Task Invalid_async_adds_are_refused_at_once_and_queue_nothing()
    {
        await (await Client.PostJsonAsync("/memories?async=true", new { messages = "I like tea." })).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await Client.PostJsonAsync("/memories?async=true", new { messages = new string('x', 5000), user_id = "ana" })).ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await Client.PostJsonAsync("/memories?async=maybe", new { messages = "I like tea.", user_id = "ana" })).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Empty(await ListAsync("user_id=ana"));
    }

    [Fact]
    public async Task An_event_is_visible_to_the_key_that_sent_it_and_to_admins_only()
    {
        var (_, location) = await AddAsyncAsync(new { messages = "I like tea.", user_id = "ana", infer = false });
        using var other = Factory.CreateAuthorizedClient(OtherKey);
        using var admin = Factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey);

        var hidden = await (await other.GetAsync(location)).ReadProblemAsync(HttpStatusCode.NotFound);
        var seen = await WaitAsync(location.OriginalString, admin);

        Assert.Contains("was not found", hidden);
        Assert.Equal("SUCCEEDED", seen.Str("status"));
        await (await Client.GetAsync($"/events/{Guid.NewGuid()}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await Client.GetAsync("/events/not-a-uuid")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.GetAsync(location + "?wait=31s")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.GetAsync(location + "?wait=soon")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Mem0_async_mode_queues_the_add_and_its_event_route_reports_the_results()
    {
        var response = await Client.PostJsonAsync("/v3/memories/add/", new { messages = new[] { new { role = "user", content = "I like green tea." } }, user_id = "ana", infer = false, async_mode = true });
        var queued = await response.ReadJsonAsync(HttpStatusCode.Accepted);
        var eventId = queued.Str("event_id");
        var done = await WaitAsync($"/v1/event/{eventId}/");
        var sync = await (await Client.PostJsonAsync("/v3/memories/add/", new { messages = "I like black tea.", user_id = "ana", infer = false })).ReadJsonAsync();

        Assert.Equal(("PENDING", "Memory processing has been queued for background execution"), (queued.Str("status"), queued.Str("message")));
        Assert.Equal((eventId, "ADD", "SUCCEEDED"), (done.Str("id"), done.Str("event_type"), done.Str("status")));
        var result = Assert.Single(done.Results());
        Assert.Equal(("I like green tea.", "I like green tea.", "ADD"), (result.Str("memory"), result.GetProperty("data").Str("memory"), result.Str("event")));
        Assert.Equal(sync.Results()[0].EnumerateObject().Select(p => p.Name), result.EnumerateObject().Select(p => p.Name));
        Assert.Equal("I like green tea.", done.GetProperty("payload").GetProperty("messages")[0].Str("content"));
        Assert.True(done.GetProperty("latency").GetDouble() >= 0);
    }

    [Fact]
    public async Task The_worker_s_span_joins_the_trace_of_the_request_that_queued_the_add()
    {
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        var spans = new System.Collections.Concurrent.ConcurrentBag<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == MemoryCore.Engine.MemoryTelemetry.Name,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var request = new HttpRequestMessage(HttpMethod.Post, "/memories?async=true")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { messages = "I like tea.", user_id = "ana", infer = false }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");

        var response = await Client.SendAsync(request);
        await response.ReadJsonAsync(HttpStatusCode.Accepted);
        var done = await WaitAsync(response.Headers.Location!.OriginalString);

        Assert.Equal("SUCCEEDED", done.Str("status"));
        // The span ends just after the commit the event status reports, so give it a moment.
        for (var i = 0; i < 100 && !spans.Any(s => s.DisplayName == "memory.event"); i++)
        {
            await Task.Delay(50);
        }

        var span = Assert.Single(spans, s => s.DisplayName == "memory.event" && s.TraceId.ToHexString() == traceId);
        Assert.Equal(done.Str("id"), span.GetTagItem("memory.event_id")?.ToString());
    }

    [Fact]
    public async Task A_scope_s_queued_adds_are_applied_in_order()
    {
        var events = new List<Uri>();
        foreach (var text in (string[])["I live in Paris.", "I live in Rome.", "I live in Oslo."])
        {
            events.Add((await AddAsyncAsync(new { messages = text, user_id = "ana" })).Location);
        }

        foreach (var location in events)
        {
            Assert.Equal("SUCCEEDED", (await WaitAsync(location.OriginalString)).Str("status"));
        }

        Assert.Equal(["I live in Oslo."], (await ListAsync("user_id=ana")).Select(m => m.Str("memory")));
    }
}

public sealed class SqliteAsyncAddApiTests : AsyncAddApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresAsyncAddApiTests : AsyncAddApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}

/// <summary>Provider failures of queued adds: retried with backoff, then FAILED with the reason; a transient failure ends SUCCEEDED.</summary>
public abstract class AsyncAddRetryApiTests : IAsyncLifetime
{
    private TestStore? _store;
    private MemoryApiFactory? _factory;
    private readonly FlakyExtractor _extractor = new();

    protected abstract TestStore CreateTestStore();

    public ValueTask InitializeAsync()
    {
        _store = CreateTestStore();
        _factory = new MemoryApiFactory(_store, AsyncAddApiTests.FastWorkers, services => services.AddSingleton<IFactExtractor>(_extractor));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    private static async Task<JsonElement> AddAndWaitAsync(HttpClient client, string user)
    {
        var response = await client.PostJsonAsync("/memories?async=true", new { messages = "I live in Lisbon.", user_id = user });
        await response.ReadJsonAsync(HttpStatusCode.Accepted);
        return await (await client.GetAsync(response.Headers.Location + "?wait=20s")).ReadJsonAsync();
    }

    [Fact]
    public async Task A_provider_that_keeps_failing_ends_the_event_in_failed_with_the_reason_after_the_configured_attempts()
    {
        _extractor.FailuresLeft = int.MaxValue;
        using var client = _factory!.CreateAuthorizedClient();

        var failed = await AddAndWaitAsync(client, "ana");

        Assert.Equal(("FAILED", 3), (failed.Str("status"), failed.GetProperty("attempts").GetInt32()));
        Assert.Contains("Failed after 3 attempts: The LLM is unavailable", failed.Str("error"));
        Assert.Equal(3, _extractor.Calls);
        Assert.Empty((await (await client.GetAsync("/memories?user_id=ana")).ReadJsonAsync()).Results());
    }

    [Fact]
    public async Task A_transient_failure_is_retried_and_the_event_succeeds()
    {
        _extractor.FailuresLeft = 2;
        using var client = _factory!.CreateAuthorizedClient();

        var done = await AddAndWaitAsync(client, "ana");

        Assert.Equal(("SUCCEEDED", 3), (done.Str("status"), done.GetProperty("attempts").GetInt32()));
        Assert.Equal("I live in Lisbon.", Assert.Single(done.Results()).Str("memory"));
    }

    /// <summary>Fails with the LLM unavailable while <see cref="FailuresLeft"/> lasts, then extracts the message as one fact.</summary>
    private sealed class FlakyExtractor : IFactExtractor
    {
        private int _calls;

        public int FailuresLeft { get; set; }

        public int Calls => _calls;

        public Task<IReadOnlyList<string>> ExtractAsync(IReadOnlyList<ChatTurn> turns, bool includeAgentFacts, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (FailuresLeft-- > 0)
            {
                throw new ProviderUnavailableException("LLM", "scripted outage (503).");
            }

            return Task.FromResult<IReadOnlyList<string>>([.. turns.Select(t => t.Content)]);
        }
    }
}

public sealed class SqliteAsyncAddRetryApiTests : AsyncAddRetryApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresAsyncAddRetryApiTests : AsyncAddRetryApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
