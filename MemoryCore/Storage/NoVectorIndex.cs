namespace MemoryCore.Storage;

/// <summary>What <see cref="IMemoryStore.SuspendVectorIndexAsync"/> returns when the store has no approximate index to suspend.</summary>
internal sealed class NoVectorIndex : IAsyncDisposable
{
    public static readonly NoVectorIndex Instance = new();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
