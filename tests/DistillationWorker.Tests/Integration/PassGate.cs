namespace DistillationWorker.Tests.Integration;

/// <summary>
/// Holds the first worker request to one MemoryApi path until <see cref="Open"/> (or until the request is cancelled),
/// so a test can act while a pass is at that step. Later requests to the path pass through and are only counted.
/// </summary>
internal sealed class PassGate(string path)
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _entries;

    /// <summary>Completes when the first request reached the gate.</summary>
    public Task Entered => _entered.Task;

    public int Entries => Volatile.Read(ref _entries);

    public void Open() => _open.TrySetResult();

    public async Task HoldFirstAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri?.AbsolutePath != path || Interlocked.Increment(ref _entries) != 1)
        {
            return;
        }

        _entered.SetResult();
        await _open.Task.WaitAsync(cancellationToken);
    }
}
