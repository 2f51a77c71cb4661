namespace AppHost.Infrastructure;

/// <summary>
/// A dashboard row that says which graph store the memory API uses and why: in local mode, that the relational
/// graph in PostgreSQL stands in for Neo4j. Its details name the infrastructure mode and the data folder. It runs
/// nothing.
/// </summary>
internal sealed class InfrastructureNoticeResource(string name) : Resource(name);

internal static class InfrastructureNoticeExtensions
{
    public static IResourceBuilder<InfrastructureNoticeResource> AddInfrastructureNotice(
        this IDistributedApplicationBuilder builder, string name, InfrastructureChoice choice, string graphStore, string? dataDirectory)
    {
        // Short: the dashboard's state column shows about 20 characters (and lower-cases words after the first).
        var (state, style) = choice.Mode == InfrastructureMode.Local
            ? ("Relational, no Neo4j", KnownResourceStateStyles.Info)
            : ($"{graphStore}, containers", KnownResourceStateStyles.Success);
        ImmutableArray<ResourcePropertySnapshot> properties =
        [
            new("infrastructure.mode", choice.Mode.ToString()) { DisplayName = "Mode", IsHighlighted = true },
            new("infrastructure.reason", choice.Reason) { DisplayName = "Why" },
            new("infrastructure.graph", graphStore) { DisplayName = "Graph store (GRAPH_STORE_PROVIDER)", IsHighlighted = true },
            new("infrastructure.data", dataDirectory ?? "container volumes") { DisplayName = "PostgreSQL data" },
            new("infrastructure.switch", $"{InfrastructureChoice.ConfigurationKey} = auto | containers | local") { DisplayName = "Override" },
        ];

        return builder.AddResource(new InfrastructureNoticeResource(name))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Notice",
                State = new ResourceStateSnapshot(state, style),
                Properties = properties,
            })
            .ExcludeFromManifest();
    }
}
