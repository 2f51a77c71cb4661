using MemoryCore.Engine;
using MemoryCore.Extraction;
using MemoryCore.Model;
using MemoryCore.Storage;
using MemoryTests.Api;
using MemoryTests.Fakes;
using MemoryTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryTests.Engine;

/// <summary>
/// The scope's write lock is never held while the reconciler (an LLM) is thinking, adds of different people reconcile
/// at the same time, and an add whose scope changed while it was reconciling decides again against the new view.
/// Proven with a gate in the reconciler, not with timings; on both stores.
/// </summary>
public abstract class AddConcurrencyTests : MemoryApiTestBase
{
    private readonly GatedReconciler _reconciler = new();

    protected override Action<IServiceCollection> TestServices => services =>
    {
        services.AddSingleton<IMemoryReconciler>(_reconciler);
        services.AddSingleton<IFactExtractor>(new EchoFactExtractor());
    };

    private MemoryService Memory => Factory.Services.GetRequiredService<MemoryService>();

    private static AddMemoryRequest Add(string user, string text, bool infer = true) =>
        new([new ChatTurn("user", text)], MemoryScope.Create(user, null, null), Infer: infer, RecordTurns: false);

    [Fact]
    public async Task Adds_of_different_people_reconcile_at_once_and_no_scope_is_locked_meanwhile()
    {
        var ana = Memory.AddAsync(Add("ana", "I like tea."), CancellationToken.None);
        var bob = Memory.AddAsync(Add("bob", "I like chess."), CancellationToken.None);

        await _reconciler.WaitForPendingAsync(2);
        var store = Factory.Services.GetRequiredService<IMemoryStore>();
        foreach (var user in new[] { "ana", "bob" })
        {
            // Would wait forever if the pending reconciliation held the lock.
            await using var writer = await store.OpenWriterAsync(MemoryScope.Create(user, null, null), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }

        _reconciler.Open(2);
        Assert.Equal("I like tea.", Assert.Single(await ana).Memory);
        Assert.Equal("I like chess.", Assert.Single(await bob).Memory);
        Assert.Equal(2, _reconciler.Calls);
    }

    [Fact]
    public async Task An_add_whose_scope_changed_while_reconciling_decides_again_and_stores_no_duplicate()
    {
        var pending = Memory.AddAsync(Add("ana", "I like tea."), CancellationToken.None);
        await _reconciler.WaitForPendingAsync(1);

        // The same fact arrives by another path and commits while the first add's reconciler is still thinking.
        Assert.Single(await Memory.AddAsync(Add("ana", "I like tea.", infer: false), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        _reconciler.Open(10);

        Assert.Empty(await pending);
        Assert.Equal(2, _reconciler.Calls);
        var stored = await Memory.ListAsync(MemoryScope.Create("ana", null, null), null, 10, null, CancellationToken.None);
        Assert.Equal("I like tea.", Assert.Single(stored.Items).Memory);
    }
}

public sealed class SqliteAddConcurrencyTests : AddConcurrencyTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresAddConcurrencyTests : AddConcurrencyTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
