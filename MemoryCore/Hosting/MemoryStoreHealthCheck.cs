using MemoryCore.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MemoryCore.Hosting;

/// <summary>Ready when the store answers a trivial query.</summary>
internal sealed class MemoryStoreHealthCheck(IMemoryStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The memory store is not reachable.", ex);
        }
    }
}
