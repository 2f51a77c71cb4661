using System.Net;
using System.Text.Json;
using MemoryCore.Embeddings;
using MemoryCore.Extraction.Llm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryTests.Fakes;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, random port) speaking OpenAI's wire format for
/// <c>POST /v1/chat/completions</c> and <c>POST /v1/embeddings</c>, so tests exercise the real OpenAI SDK,
/// its retry and timeout pipeline, and the Microsoft.Extensions.AI adapters.
/// </summary>
/// <remarks>
/// Chat: each request takes the next scripted step (<see cref="EnqueueChat"/>, <see cref="EnqueueChatError"/>,
/// <see cref="EnqueueChatDelay"/>); when the script is empty it asks <see cref="ChatResponder"/>, then falls back to
/// <see cref="DefaultChatReply"/>.
/// Embeddings: computed deterministically with <see cref="HashingEmbeddingGenerator"/> at the requested
/// <c>dimensions</c> (else <see cref="DefaultEmbeddingDimensions"/>), unless failures are scripted with
/// <see cref="EnqueueEmbeddingError"/> or <see cref="FailEmbeddings"/>.
/// Every request body is recorded (<see cref="ChatRequests"/>, <see cref="EmbeddingRequests"/>); the documents stay
/// valid until the server is disposed. All members are thread-safe.
/// </remarks>
public sealed partial class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Queue<FakeStep> _chatScript = new();
    private readonly Queue<FakeStep> _embeddingScript = new();
    private readonly List<JsonDocument> _chatRequests = [];
    private readonly List<JsonDocument> _embeddingRequests = [];
    private readonly CancellationTokenSource _stopping = new();
    private FakeStep? _persistentEmbeddingFailure;

    private FakeOpenAiServer(WebApplication app) => _app = app;

    /// <summary>Root of the fake API including the version segment, e.g. http://127.0.0.1:54321/v1 — use it as BaseUrl.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Chat content returned when no scripted step is queued. Defaults to an empty fact list.</summary>
    public string DefaultChatReply { get; set; } = """{"facts":[]}""";

    /// <summary>
    /// Optional reply chosen from the request body, used when no scripted step is queued; return null to fall back to
    /// <see cref="DefaultChatReply"/>. Useful when the order of calls is not known, e.g. reply by
    /// <see cref="ResponseSchemaName"/> ("extracted_facts" for extraction, "memory_decisions" for reconciliation).
    /// </summary>
    public Func<JsonElement, string?>? ChatResponder { get; set; }

    /// <summary>How long every embeddings request takes (a slow provider), on top of any scripted step's delay.</summary>
    public TimeSpan EmbeddingDelay { get; set; }

    /// <summary>Vector size used when an embeddings request does not carry <c>dimensions</c>.</summary>
    public int DefaultEmbeddingDimensions { get; set; } = 384;

    /// <summary>Bodies of all chat completion requests received, in order.</summary>
    public IReadOnlyList<JsonDocument> ChatRequests { get { lock (_gate) { return [.. _chatRequests]; } } }

    /// <summary>Bodies of all embeddings requests received, in order.</summary>
    public IReadOnlyList<JsonDocument> EmbeddingRequests { get { lock (_gate) { return [.. _embeddingRequests]; } } }

    /// <summary>Scripted chat steps not consumed yet.</summary>
    public int PendingChatSteps { get { lock (_gate) { return _chatScript.Count; } } }

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeOpenAiServer> StartAsync(CancellationToken cancellationToken = default)
    {
        // The empty builder reads no appsettings or environment, so nothing in the test directory can reconfigure it.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        var server = new FakeOpenAiServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>The next chat request is answered 200 with this assistant message content.</summary>
    public void EnqueueChat(string content) => Enqueue(_chatScript, new FakeStep(content, 200, null, TimeSpan.Zero));

    /// <summary>The next chat request fails with this HTTP status (and Retry-After header in whole seconds, if given).</summary>
    public void EnqueueChatError(int status, TimeSpan? retryAfter = null) =>
        Enqueue(_chatScript, new FakeStep(null, status, retryAfter, TimeSpan.Zero));

    /// <summary>The next chat request is answered with <paramref name="content"/> only after <paramref name="delay"/>
    /// (use a delay longer than the client's timeout to force a timeout).</summary>
    public void EnqueueChatDelay(TimeSpan delay, string content) => Enqueue(_chatScript, new FakeStep(content, 200, null, delay));

    /// <summary>The next embeddings request fails with this status.</summary>
    public void EnqueueEmbeddingError(int status, TimeSpan? retryAfter = null) =>
        Enqueue(_embeddingScript, new FakeStep(null, status, retryAfter, TimeSpan.Zero));

    /// <summary>The next embeddings request is answered normally, but only after <paramref name="delay"/>.</summary>
    public void EnqueueEmbeddingDelay(TimeSpan delay) => Enqueue(_embeddingScript, new FakeStep(null, 200, null, delay));

    /// <summary>Every embeddings request fails with this status until <see cref="RestoreEmbeddings"/>.</summary>
    public void FailEmbeddings(int status, TimeSpan? retryAfter = null)
    {
        lock (_gate)
        {
            _persistentEmbeddingFailure = new FakeStep(null, status, retryAfter, TimeSpan.Zero);
        }
    }

    /// <summary>Ends <see cref="FailEmbeddings"/>.</summary>
    public void RestoreEmbeddings()
    {
        lock (_gate)
        {
            _persistentEmbeddingFailure = null;
        }
    }

    /// <summary>LLM options pointing at this server. Retries default to 0 so scripted errors surface at once.</summary>
    public LlmOptions LlmOptions(int timeoutSeconds = 10, int maxRetries = 0, string model = "fake-chat") =>
        new() { BaseUrl = BaseUrl.ToString(), Model = model, TimeoutSeconds = timeoutSeconds, MaxRetries = maxRetries };

    /// <summary>Embedding options pointing at this server.</summary>
    public EmbeddingOptions EmbeddingOptions(int dimensions = 384, int timeoutSeconds = 10, string model = "fake-embedding") =>
        new() { BaseUrl = BaseUrl.ToString(), Model = model, Dimensions = dimensions, TimeoutSeconds = timeoutSeconds };

    /// <summary>All message texts of a recorded chat request joined by newlines, whatever content shape the SDK used.</summary>
    public static string AllMessageText(JsonDocument chatRequest) => OpenAiWireFormat.AllMessageText(chatRequest.RootElement);

    /// <summary>The json_schema name a chat request asked for (response_format.json_schema.name), or null.</summary>
    public static string? ResponseSchemaName(JsonElement chatRequest) =>
        chatRequest.TryGetProperty("response_format", out var format)
        && format.TryGetProperty("json_schema", out var schema)
        && schema.TryGetProperty("name", out var name) ? name.GetString() : null;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
        lock (_gate)
        {
            _chatRequests.ForEach(d => d.Dispose());
            _embeddingRequests.ForEach(d => d.Dispose());
        }
    }

    private void Enqueue(Queue<FakeStep> queue, FakeStep step)
    {
        lock (_gate)
        {
            queue.Enqueue(step);
        }
    }

    private sealed record FakeStep(string? Content, int Status, TimeSpan? RetryAfter, TimeSpan Delay);
}
