using MemoryCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MemoryBench;

/// <summary>The memory engine exactly as MemoryApi composes it, without HTTP: latencies are server-side.</summary>
internal static class BenchHost
{
    /// <param name="services">Replacements registered after the engine's own (e.g. a slow fake LLM), or null.</param>
    public static async Task<IHost> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddMemoryCore();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
