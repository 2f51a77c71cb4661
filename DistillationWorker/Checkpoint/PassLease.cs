using DistillationWorker.Client;

namespace DistillationWorker.Checkpoint;

/// <summary>
/// A pass's hold on the job lease in MemoryApi. Renews it every third of its TTL on the worker's clock, so a pass
/// longer than the TTL keeps it and a crashed worker's lease frees itself. A renewal refused with 409 means another
/// generation took the lease over: <see cref="Lost"/> is set and <see cref="Token"/> is cancelled, so the pass stops
/// (its checkpoint write would be refused anyway). Any other renewal failure is only logged: MemoryApi may be briefly
/// unreachable, and the next tick tries again. Disposing stops renewing and releases the lease unless it was lost.
/// </summary>
public sealed class PassLease : IAsyncDisposable
{
    private readonly MemoryApiClient _api;
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _pass;
    private readonly Task _renewing;

    private PassLease(MemoryApiClient api, JobLease lease, TimeSpan ttl, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        _api = api;
        Lease = lease;
        _ttl = ttl;
        _time = time;
        _logger = logger;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _pass = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lost.Token);
        _renewing = RenewUntilStoppedAsync();
    }

    /// <summary>The lease as last granted or renewed.</summary>
    public JobLease Lease { get; private set; }

    /// <summary>Cancelled when the caller's token is, or when the lease is lost.</summary>
    public CancellationToken Token => _pass.Token;

    /// <summary>Set when a renewal was refused because another generation holds the lease.</summary>
    public LeaseLostException? Lost { get; private set; }

    /// <summary>Renewals every TTL/3: two can fail in a row before the lease expires.</summary>
    public TimeSpan RenewEvery => _ttl / 3;

    /// <summary>Starts renewing a lease just acquired. <paramref name="cancellationToken"/> is the pass's own.</summary>
    public static PassLease Hold(MemoryApiClient api, JobLease lease, TimeSpan ttl, TimeProvider time, ILogger logger, CancellationToken cancellationToken) =>
        new(api, lease, ttl, time, logger, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        if (Lost is null)
        {
            try
            {
                // Not the pass's token: a pass stopped by shutdown should still hand the lease back at once.
                await _api.ReleaseLeaseAsync(Lease.Job, Lease.Holder, Lease.Token, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Releasing the {Job} lease of {Holder} failed; it frees itself at {ExpiresAt:O}", Lease.Job, Lease.Holder, Lease.ExpiresAt);
            }
        }

        _stop.Dispose();
        _pass.Dispose();
        _lost.Dispose();
    }

    private async Task RenewUntilStoppedAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(RenewEvery, _time, _stop.Token).ConfigureAwait(false);
                try
                {
                    Lease = await _api.RenewLeaseAsync(Lease.Job, Lease.Holder, Lease.Token, _ttl, _stop.Token).ConfigureAwait(false);
                }
                catch (LeaseLostException ex)
                {
                    Lost = ex;
                    _logger.LogWarning("The {Job} lease of {Holder} was taken over ({Current}); stopping the pass without writing its checkpoint",
                        Lease.Job, Lease.Holder, ex.Current);
                    await _lost.CancelAsync().ConfigureAwait(false);
                    return;
                }
                catch (Exception ex) when (!_stop.IsCancellationRequested)
                {
                    _logger.LogWarning(ex, "Renewing the {Job} lease of {Holder} failed; trying again in {Interval}", Lease.Job, Lease.Holder, RenewEvery);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed, or the pass was cancelled: stop renewing.
        }
    }
}
