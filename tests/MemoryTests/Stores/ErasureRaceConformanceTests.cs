using MemoryCore.Model;
using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Stores;

/// <summary>
/// Erasing a person while one of their adds is in flight: the erasure waits for the writer holding the person's lock,
/// so what it commits is erased too, and no memory of the person survives the erasure.
/// </summary>
public abstract class ErasureRaceConformanceTests : FreshStoreTests
{
    private IPersonDataStore People => (IPersonDataStore)Store;

    [Fact]
    public async Task An_erasure_waits_for_an_add_in_flight_and_erases_what_it_wrote()
    {
        var cancel = TestContext.Current.CancellationToken;
        var writer = await Store.OpenWriterAsync(User("ana", "helper"), cancel);
        await writer.ExistingHashesAsync(["h"], cancel); // the writer now holds its locks
        var erasure = Task.Run(() => People.EraseUserAsync(MemoryScope.DefaultTenant, "ana", NextTime(), CancellationToken.None), cancel);

        await Task.Delay(300, cancel);
        Assert.False(erasure.IsCompleted, "the erasure must wait for the person's writer in flight");

        await writer.CommitAsync([Insert(User("ana", "helper"), "Ana's late fact.")], cancel);
        await writer.DisposeAsync();
        var erased = await erasure.WaitAsync(TimeSpan.FromSeconds(10), cancel);

        Assert.Equal(1, erased.Memories);
        Assert.Empty((await Store.ListAsync(User("ana"), null, 10, null, cancel)).Items);
    }

    [Fact]
    public async Task Another_persons_writer_does_not_hold_up_an_erasure()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var bob = await Store.OpenWriterAsync(User("bob"), cancel);
        await bob.ExistingHashesAsync(["h"], cancel);
        await AddAsync(Store, User("ana"), "Ana lives in Lisbon.");

        var erased = await People.EraseUserAsync(MemoryScope.DefaultTenant, "ana", NextTime(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), cancel);

        Assert.Equal(1, erased.Memories);
    }
}

public sealed class SqliteErasureRaceConformanceTests : ErasureRaceConformanceTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresErasureRaceConformanceTests : ErasureRaceConformanceTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
