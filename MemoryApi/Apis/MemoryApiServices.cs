using MemoryCore.Engine;

namespace MemoryApi.Apis;

/// <summary>What every memory endpoint needs, injected with [AsParameters].</summary>
public sealed class MemoryApiServices(MemoryService memory, ILogger<MemoryApiServices> logger)
{
    public MemoryService Memory { get; } = memory;

    public ILogger<MemoryApiServices> Logger { get; } = logger;
}
