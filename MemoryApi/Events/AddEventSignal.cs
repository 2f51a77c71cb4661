namespace MemoryApi.Events;

/// <summary>Wakes idle workers when this process accepts an add, so a queued add starts at once instead of at the next poll.</summary>
public sealed class AddEventSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Notify() => _signal.Release();

    public void Dispose() => _signal.Dispose();

    /// <summary>Waits for a notification or the timeout, whichever is first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
