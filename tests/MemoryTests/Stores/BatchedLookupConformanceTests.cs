using MemoryCore.Model;
using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Stores;

/// <summary>The add path's batched reads mean the same in every store: one call answers every fact exactly as the
/// per-fact read did, in the exact scope only, with or without the scope's lock.</summary>
public abstract class BatchedLookupConformanceTests : IAsyncLifetime
{
    private static readonly string[] Texts = ["I like tea.", "I live in Paris.", "My sister plays tennis.", "I am allergic to peanuts.", "I like coffee."];

    private TestStore? _testStore;

    protected IMemoryStore Store { get; private set; } = null!;

    protected abstract TestStore CreateTestStore();

    public async ValueTask InitializeAsync()
    {
        _testStore = CreateTestStore();
        Store = _testStore.Create(Identity);
        await Store.InitializeAsync(CancellationToken.None);
        foreach (var text in Texts)
        {
            await AddAsync(Store, User("ana"), text);
        }

        await AddAsync(Store, User("ana", run: "r1"), "I like tea.");
        await AddAsync(Store, User("ana", "helper"), "I live in Paris.");
        await AddAsync(Store, User("bob"), "I like tea.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_testStore is not null)
        {
            await _testStore.DisposeAsync();
        }
    }

    private static ReadOnlyMemory<float>[] Queries() => [Vector("tea"), Vector("Where do I live?"), Vector("tennis")];

    private static string[][] Ids(IReadOnlyList<IReadOnlyList<ScoredMemory>> lists) => [.. lists.Select(l => l.Select(m => m.Memory.Id.ToString()).ToArray())];

    [Fact]
    public async Task One_call_finds_for_every_vector_what_one_call_per_vector_finds_in_the_exact_scope()
    {
        await using var writer = await Store.OpenWriterAsync(User("ana"), CancellationToken.None);
        var each = new List<IReadOnlyList<ScoredMemory>>();
        foreach (var query in Queries())
        {
            each.Add(await writer.FindSimilarAsync(query, 3, CancellationToken.None));
        }

        var batched = await writer.FindSimilarManyAsync(Queries(), 3, CancellationToken.None);

        Assert.Equal(Ids(each), Ids(batched));
        Assert.All(batched, list => Assert.Equal(3, list.Count));
        Assert.All(batched.SelectMany(l => l), m => Assert.Equal(("ana", null, null), (m.Memory.UserId, m.Memory.AgentId, m.Memory.RunId)));
        Assert.Equal(each.SelectMany(l => l.Select(m => m.Score)), batched.SelectMany(l => l.Select(m => m.Score)), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Empty(await writer.FindSimilarManyAsync([], 3, CancellationToken.None));
    }

    [Fact]
    public async Task The_lock_free_read_sees_what_the_writer_sees()
    {
        var free = await Store.FindSimilarManyAsync(User("ana"), Queries(), 5, CancellationToken.None);
        await using var writer = await Store.OpenWriterAsync(User("ana"), CancellationToken.None);

        Assert.Equal(Ids(await writer.FindSimilarManyAsync(Queries(), 5, CancellationToken.None)), Ids(free));
        Assert.Equal("I like tea.", free[0][0].Memory.Memory);
        Assert.DoesNotContain(free.SelectMany(l => l), m => m.Memory.UserId != "ana" || m.Memory.RunId is not null || m.Memory.AgentId is not null);
    }

    [Fact]
    public async Task A_scope_above_the_exact_search_limit_answers_the_same()
    {
        var narrow = _testStore!.Create(Identity, new StoreOptions { ExactSearchMaxRows = 2 });
        await narrow.InitializeAsync(CancellationToken.None);

        var viaIndex = await narrow.FindSimilarManyAsync(User("ana"), Queries(), 5, CancellationToken.None);

        Assert.Equal(Ids(await Store.FindSimilarManyAsync(User("ana"), Queries(), 5, CancellationToken.None)), Ids(viaIndex));
    }

    [Fact]
    public async Task Existing_hashes_are_those_of_the_exact_scope_only()
    {
        await using var writer = await Store.OpenWriterAsync(User("bob"), CancellationToken.None);

        var found = await writer.ExistingHashesAsync([MemoryHash.Compute("I like tea."), MemoryHash.Compute("I live in Paris."), MemoryHash.Compute("never said")], CancellationToken.None);

        Assert.Equal([MemoryHash.Compute("I like tea.")], found);
        Assert.Empty(await writer.ExistingHashesAsync([], CancellationToken.None));
    }
}

public sealed class SqliteBatchedLookupTests : BatchedLookupConformanceTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresBatchedLookupTests : BatchedLookupConformanceTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
