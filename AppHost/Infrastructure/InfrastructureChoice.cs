using Microsoft.Extensions.Configuration;

namespace AppHost.Infrastructure;

/// <summary>
/// Chooses the <see cref="InfrastructureMode"/>: <c>AppHost:Infrastructure</c> = <c>auto</c> (default),
/// <c>containers</c> or <c>local</c>. In <c>auto</c> mode a container engine that answers wins; without one
/// the AppHost runs local PostgreSQL instead of leaving container resources waiting forever.
/// </summary>
internal sealed record InfrastructureChoice(InfrastructureMode Mode, string Reason)
{
    public const string ConfigurationKey = "AppHost:Infrastructure";

    public static InfrastructureChoice From(IConfiguration configuration)
    {
        var setting = configuration[ConfigurationKey]?.Trim().ToLowerInvariant();
        switch (setting)
        {
            case "containers":
                return new(InfrastructureMode.Containers, $"{ConfigurationKey}=containers");
            case "local":
                return new(InfrastructureMode.Local, $"{ConfigurationKey}=local");
            case null or "" or "auto":
                var probe = ContainerEngineProbe.Run(configuration);
                return probe.Available
                    ? new(InfrastructureMode.Containers, $"container engine found: {probe.Detail}")
                    : new(InfrastructureMode.Local, $"no working container engine ({probe.Detail})");
            default:
                throw new InvalidOperationException(
                    $"{ConfigurationKey} must be 'auto', 'containers' or 'local', not '{setting}'.");
        }
    }
}
