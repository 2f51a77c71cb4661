using DistillationWorker.Distillers.Llm;
using DistillationWorker.Pass;
using DistillationWorker.Tests.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace DistillationWorker.Tests.Integration;

/// <summary>With Llm:Model set the worker uses the LLM distiller (the chat client is scripted here).</summary>
public sealed class LlmDistillationTests : IAsyncLifetime
{
    private readonly ScriptedChatClient _chat = new();
    private MemoryApiHost _memoryApi = null!;
    private WorkerHost _worker = null!;
    private HttpClient _api = null!;

    public ValueTask InitializeAsync()
    {
        _memoryApi = new MemoryApiHost();
        _worker = new WorkerHost(
            _memoryApi,
            new Dictionary<string, string?> { ["Llm:Model"] = "fake-chat", ["Llm:BaseUrl"] = "http://127.0.0.1:9/v1" },
            services => services.AddSingleton<IChatClient>(_chat));
        _api = _memoryApi.CreateAuthorizedClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _worker.DisposeAsync();
        await _memoryApi.DisposeAsync();
    }

    private async Task SeedAsync()
    {
        await _api.SeedAsync("ana", "a1", "I fed the ducks.");
        await _api.SeedAsync("ana", "a2", "The ducks were hungry again.");
    }

    [Fact]
    public async Task The_models_patterns_are_written_with_the_llm_distiller_named()
    {
        await SeedAsync();
        _chat.Reply("""{"patterns":["The person often talks about feeding ducks."]}""");

        var result = await _worker.RunPassAsync();

        Assert.Equal(PassStatus.Completed, result.Status);
        var written = Assert.Single(await _api.DistilledAsync("ana"));
        Assert.Equal("The person often talks about feeding ducks.", written.GetProperty("memory").GetString());
        Assert.Equal(LlmPatternDistiller.DistillerName, written.GetProperty("metadata").GetProperty("distiller").GetString());
    }

    [Fact]
    public async Task An_llm_failure_fails_the_person_and_keeps_the_watermark()
    {
        await SeedAsync();
        _chat.Fail(new HttpRequestException("model server down"));

        var result = await _worker.RunPassAsync();

        Assert.Equal(PassStatus.Failed, result.Status);
        Assert.Equal(1, result.Failures);
        Assert.Equal(0, result.WatermarkAfter);
        Assert.Null(await _api.CheckpointAsync());
        Assert.Empty(await _api.DistilledAsync("ana"));
    }
}
