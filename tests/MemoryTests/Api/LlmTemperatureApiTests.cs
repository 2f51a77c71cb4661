using MemoryTests.Fakes;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api;

/// <summary>Llm:Temperature reaches the wire, and an empty value sends none (for models that reject it).</summary>
public sealed class LlmTemperatureApiTests : IAsyncLifetime
{
    private FakeOpenAiServer _llm = null!;

    public async ValueTask InitializeAsync() => _llm = await FakeOpenAiServer.StartAsync();

    public async ValueTask DisposeAsync() => await _llm.DisposeAsync();

    [Theory]
    [InlineData(null, 0.0)]
    [InlineData("0.7", 0.7)]
    [InlineData("", null)]
    public async Task The_configured_temperature_is_sent(string? configured, double? expected)
    {
        await using var store = new SqliteTestStore();
        var settings = new Dictionary<string, string?>
        {
            ["Llm:BaseUrl"] = _llm.BaseUrl.ToString(),
            ["Llm:Model"] = "fake-chat",
            ["Llm:MaxRetries"] = "0",
            ["GRAPH_STORE_PROVIDER"] = "none",
        };
        if (configured is not null)
        {
            settings["Llm:Temperature"] = configured;
        }

        await using var factory = new MemoryApiFactory(store, settings);
        using var client = factory.CreateAuthorizedClient();
        _llm.EnqueueChat("""{"facts": []}""");

        await (await client.PostJsonAsync("/memories", new { messages = "My dog is Rex", user_id = "ana" })).ReadJsonAsync();

        var request = _llm.ChatRequests[^1].RootElement;
        if (expected is { } temperature)
        {
            Assert.Equal(temperature, request.GetProperty("temperature").GetDouble(), 3);
        }
        else
        {
            Assert.False(request.TryGetProperty("temperature", out _), request.ToString());
        }
    }
}
