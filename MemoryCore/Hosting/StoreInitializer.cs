using MemoryCore.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MemoryCore.Hosting;

/// <summary>Creates or checks the store before the host accepts traffic; a store that cannot open safely stops start-up.</summary>
internal sealed class StoreInitializer(IMemoryStore store, ILogger<StoreInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConfigurationException ex)
        {
            logger.LogCritical("{Message}", ex.Message);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
