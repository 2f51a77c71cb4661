using System.Diagnostics;
using MemoryTests.Api;
using MemoryTests.Fakes;
using MemoryTests.Infrastructure;
using OpenTelemetry.Trace;

namespace MemoryTests.Telemetry;

/// <summary>
/// One trace, continued from the caller's W3C traceparent, covers the API request, the memory pipeline's
/// stages, the LLM call over HTTP and the PostgreSQL commands.
/// </summary>
public sealed class TraceTests : IAsyncLifetime
{
    private readonly List<Activity> _spans = [];
    private PostgresTestStore _store = null!;
    private FakeOpenAiServer _llm = null!;
    private MemoryApiFactory _factory = null!;

    public async ValueTask InitializeAsync()
    {
        _store = new PostgresTestStore();
        _llm = await FakeOpenAiServer.StartAsync();
        _factory = new MemoryApiFactory(
            _store,
            new Dictionary<string, string?> { ["Llm:BaseUrl"] = _llm.BaseUrl.ToString(), ["Llm:Model"] = "fake-chat", ["Llm:MaxRetries"] = "0", ["GRAPH_STORE_PROVIDER"] = "none" },
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans)));
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _llm.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task One_trace_spans_the_api_the_pipeline_the_llm_and_postgresql()
    {
        var traceId = ActivityTraceId.CreateRandom();
        _llm.EnqueueChat("""{"facts": ["Has a dog named Rex"]}""");
        using var client = _factory.CreateAuthorizedClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/memories")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { messages = "My dog is called Rex", user_id = "ana" }),
        };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        (await client.SendAsync(request)).EnsureSuccessStatusCode();

        Activity[] trace;
        lock (_spans)
        {
            trace = _spans.Where(s => s.TraceId == traceId).ToArray();
        }

        var sources = trace.Select(s => s.Source.Name).ToHashSet();
        Assert.Contains("Microsoft.AspNetCore", sources);
        Assert.Contains("MemoryCore.Llm", sources);
        Assert.Contains("System.Net.Http", sources);
        Assert.Contains("Npgsql", sources);
        Assert.Contains(trace, s => s.DisplayName == "memory.extract");
        Assert.Contains(trace, s => s.DisplayName == "memory.persist");
        Assert.Contains(trace, s => s.Source.Name == "System.Net.Http" && s.GetTagItem("url.full")?.ToString()?.Contains("/chat/completions", StringComparison.Ordinal) == true);
    }
}
