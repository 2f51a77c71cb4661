using MemoryCore.Model;
using MemoryCore.Storage;
using MemoryCore.Storage.Postgres;
using MemoryTests.Infrastructure;

namespace MemoryTests.Stores;

/// <summary>
/// PostgreSQL reuses a large scope's BM25 statistics (document count, average length) for a minute instead of reading
/// the whole scope on every query. Reused, they must give the ranking counted ones give; stale, they must never turn a
/// score negative or let another scope's figures in.
/// </summary>
public sealed class PostgresFullTextStatisticsTests : IAsyncLifetime
{
    private static readonly EmbeddingIdentity Identity = new("fulltext-statistics-test", 3);
    private readonly PostgresTestStore _testStore = new();
    private IMemoryStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _store = _testStore.Create(Identity);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync() => await _testStore.DisposeAsync();

    [Fact]
    public async Task A_large_scopes_reused_statistics_rank_as_counted_ones_do()
    {
        await InsertAsync("big", PostgresFullTextSearch.CachedCorpusMinimum + 200, i => $"note {i} about {(i % 7 == 0 ? "tea and trains" : i % 3 == 0 ? "tea" : "walks")}");

        var counted = await SearchAsync("big", ["tea", "trains"]);
        var reused = await SearchAsync("big", ["tea", "trains"]);

        Assert.Equal(10, counted.Count);
        Assert.Equal(counted.Select(r => (r.Memory.Id, r.Score)), reused.Select(r => (r.Memory.Id, r.Score)));
    }

    [Fact]
    public async Task Stale_statistics_never_give_a_negative_score()
    {
        await InsertAsync("grows", PostgresFullTextSearch.CachedCorpusMinimum, i => $"plain note {i}");
        Assert.Equal(10, (await SearchAsync("grows", ["plain"])).Count);   // counts the scope: 1,000 memories, remembered

        // 1,500 memories with a new word: its document frequency (counted afresh) now exceeds the remembered count.
        await InsertAsync("grows", 1_500, i => $"zebra sighting {i}", offset: 10_000);
        var zebras = await SearchAsync("grows", ["zebra"]);

        Assert.Equal(10, zebras.Count);
        Assert.All(zebras, r => Assert.Contains("zebra", r.Memory.Memory, StringComparison.Ordinal));
        Assert.All(zebras, r => Assert.True(r.Score > 0, $"score {r.Score}"));
    }

    [Fact]
    public async Task A_scope_never_gets_another_scopes_memories_and_a_small_one_sees_its_newest()
    {
        await InsertAsync("big", PostgresFullTextSearch.CachedCorpusMinimum + 10, i => $"tea note {i}");
        await InsertAsync("small", 20, i => $"tea note {i}");
        await SearchAsync("big", ["tea"]);
        var before = await SearchAsync("small", ["tea"]);

        await InsertAsync("small", 1, _ => "tea tea tea", offset: 500);
        var after = await SearchAsync("small", ["tea"]);

        Assert.All(before.Concat(after), r => Assert.Equal("small", r.Memory.UserId));
        Assert.Equal("tea tea tea", after[0].Memory.Memory);
    }

    private Task<IReadOnlyList<ScoredMemory>> SearchAsync(string user, IReadOnlyList<string> terms) =>
        _store.SearchTextAsync(MemoryScope.Create(user, null, null), terms, null, 10, CancellationToken.None);

    private async Task InsertAsync(string user, int count, Func<int, string> text, int offset = 0)
    {
        var texts = string.Join(", ", Enumerable.Range(offset, count).Select(i => $"('{text(i)}')"));
        await _testStore.QueryAsync($"""
            INSERT INTO {"{s}"}memories (id, user_id, memory, hash, metadata, embedding, created_at, updated_at)
            SELECT gen_random_uuid(), '{user}', t.memory, md5(t.memory), '{"{}"}', '[1,0,0]', now(), now()
            FROM (VALUES {texts}) AS t(memory)
            """);
    }
}
