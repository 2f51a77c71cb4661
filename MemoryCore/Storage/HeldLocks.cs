namespace MemoryCore.Storage;

/// <summary>Locks released together, the innermost first (the reverse of the order they were taken in).</summary>
internal sealed class HeldLocks(IDisposable inner, IDisposable? outer) : IDisposable
{
    public void Dispose()
    {
        try
        {
            inner.Dispose();
        }
        finally
        {
            outer?.Dispose();
        }
    }
}
