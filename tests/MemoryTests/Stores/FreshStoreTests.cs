using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Stores;

/// <summary>A conformance suite's fixture: each test gets its own empty, initialised store of the subclass's kind.</summary>
public abstract class FreshStoreTests : IAsyncLifetime
{
    private TestStore? _testStore;

    protected IMemoryStore Store { get; private set; } = null!;

    protected TestStore TestStore => _testStore!;

    protected abstract TestStore CreateTestStore();

    public virtual async ValueTask InitializeAsync()
    {
        _testStore = CreateTestStore();
        Store = _testStore.Create(Identity);
        await Store.InitializeAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_testStore is not null)
        {
            await _testStore.DisposeAsync();
        }
    }
}
