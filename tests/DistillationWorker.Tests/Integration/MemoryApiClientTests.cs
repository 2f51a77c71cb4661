using System.Text.Json;
using DistillationWorker.Client;
using DistillationWorker.Distillers;
using Microsoft.Extensions.DependencyInjection;

namespace DistillationWorker.Tests.Integration;

/// <summary>The typed client against the real MemoryApi routes.</summary>
public sealed class MemoryApiClientTests : IAsyncLifetime
{
    private MemoryApiHost _memoryApi = null!;
    private WorkerHost _worker = null!;

    public ValueTask InitializeAsync()
    {
        _memoryApi = new MemoryApiHost();
        _worker = new WorkerHost(_memoryApi);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.DisposeAsync();
        await _memoryApi.DisposeAsync();
    }

    private MemoryApiClient Client() => _worker.Services.CreateScope().ServiceProvider.GetRequiredService<MemoryApiClient>();

    [Fact]
    public async Task An_exact_duplicate_pattern_is_not_stored_twice()
    {
        var pattern = DistilledPattern.Create(PatternKinds.RecurringTopic, "Recurring topic: knitting.", "test", new Dictionary<string, object> { ["conversations"] = 3 });

        Assert.True(await Client().AddPatternAsync("ana", pattern, TestContext.Current.CancellationToken));
        Assert.False(await Client().AddPatternAsync("ana", pattern, TestContext.Current.CancellationToken));
        Assert.Equal(["Recurring topic: knitting."], await Client().ListPatternTextsAsync("ana", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Turns_are_read_across_pages_for_one_person_only()
    {
        using var api = _memoryApi.CreateAuthorizedClient();
        var messages = Enumerable.Range(0, 1100).Select(i => new { role = "user", content = $"message number {i}" }).ToArray();
        // Two adds of 550 turns each (MemoryApi's default limit is 100 messages per add, so in chunks).
        foreach (var chunk in messages.Chunk(100))
        {
            var response = await api.PostAsync("/memories", JsonContent(new { messages = chunk, user_id = "ana", run_id = "long", infer = false }), TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
        }

        await api.SeedAsync("bob", "b1", "not ana's");

        var turns = await Client().ReadTurnsAsync("ana", DateTimeOffset.UtcNow.AddDays(-1), TestContext.Current.CancellationToken);

        Assert.Equal(1100, turns.Count);
        Assert.All(turns, t => Assert.Equal("ana", t.UserId));
        Assert.Equal(turns.Select(t => t.Seq).Order(), turns.Select(t => t.Seq));
    }

    [Fact]
    public async Task Changed_scopes_respect_the_watermark()
    {
        using var api = _memoryApi.CreateAuthorizedClient();
        await api.SeedAsync("ana", "a1", "hello");
        var all = await Client().GetChangedScopesAsync(0, DateTimeOffset.UtcNow.AddSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal("ana", Assert.Single(all.Results).UserId);
        Assert.NotNull(all.MaxSeq);

        var none = await Client().GetChangedScopesAsync(all.MaxSeq!.Value, DateTimeOffset.UtcNow.AddSeconds(5), TestContext.Current.CancellationToken);
        Assert.Empty(none.Results);
        Assert.Null(none.MaxSeq);
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
