using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MemoryCore;
using MemoryCore.Extraction.Llm;
using MemoryTests.Fakes;

namespace MemoryTests.Llm;

/// <summary>HTTP failures of the real SDK surface as ProviderUnavailableException with a sensible Retry-After.</summary>
public sealed class ProviderFailureOverHttpTests : IAsyncLifetime
{
    private static readonly IReadOnlyList<MemoryCore.Model.ChatTurn> Talk = LlmTestData.Conversation(("user", "I am vegetarian."));
    private FakeOpenAiServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static LlmFactExtractor Extractor(LlmOptions options) => new(OpenAiCompatibleProviders.CreateChatClient(options));

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(401)]
    [InlineData(404)]
    public async Task Http_error_becomes_provider_unavailable_with_default_retry_after(int status)
    {
        _server.EnqueueChatError(status);

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(
            () => Extractor(_server.LlmOptions()).ExtractAsync(Talk, false, TestContext.Current.CancellationToken));

        Assert.Equal("llm", ex.Provider);
        Assert.Equal(TimeSpan.FromSeconds(5), ex.RetryAfter);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limit_honours_the_providers_retry_after()
    {
        _server.EnqueueChatError(429, TimeSpan.FromSeconds(7));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(
            () => Extractor(_server.LlmOptions()).ExtractAsync(Talk, false, TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        Assert.Contains("429", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transient_error_is_retried_by_the_sdk_when_retries_are_configured()
    {
        _server.EnqueueChatError(500);
        _server.EnqueueChat("""{"facts": ["Is vegetarian"]}""");

        var facts = await Extractor(_server.LlmOptions(maxRetries: 1)).ExtractAsync(Talk, false, TestContext.Current.CancellationToken);

        Assert.Equal(["Is vegetarian"], facts);
        Assert.Equal(2, _server.ChatRequests.Count);
    }

    [Fact]
    public async Task Slow_provider_times_out_within_a_bounded_time()
    {
        _server.EnqueueChatDelay(TimeSpan.FromSeconds(30), """{"facts": []}""");
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(
            () => Extractor(_server.LlmOptions(timeoutSeconds: 1, maxRetries: 0)).ExtractAsync(Talk, false, TestContext.Current.CancellationToken));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Contains("timeout", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_provider_failure()
    {
        _server.EnqueueChatDelay(TimeSpan.FromSeconds(30), """{"facts": []}""");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromMilliseconds(300));

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Extractor(_server.LlmOptions(timeoutSeconds: 20)).ExtractAsync(Talk, false, cts.Token));

        Assert.IsNotType<ProviderUnavailableException>(ex.InnerException);
    }

    [Fact]
    public async Task Unreachable_endpoint_is_a_provider_failure()
    {
        var options = new LlmOptions { BaseUrl = $"http://127.0.0.1:{UnusedPort()}/v1", Model = "m", TimeoutSeconds = 5, MaxRetries = 0 };

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(
            () => Extractor(options).ExtractAsync(Talk, false, TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromSeconds(5), ex.RetryAfter);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
