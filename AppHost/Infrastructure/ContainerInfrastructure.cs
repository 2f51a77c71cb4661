namespace AppHost.Infrastructure;

/// <summary>pgvector PostgreSQL and Neo4j as containers with data volumes (a machine with a container engine).</summary>
internal static class ContainerInfrastructure
{
    public static MemoryInfrastructure Add(IDistributedApplicationBuilder builder)
    {
        // Only this mode has a choice of graph store (local mode always uses the relational graph).
        var graphStoreProvider = builder.AddParameter("graph-store-provider")
            .WithDescription("`GRAPH_STORE_PROVIDER`: `relational` (default), `neo4j` or `none`.", enableMarkdown: true);
        var neo4jPassword = builder.AddParameter("neo4j-password", AppHostParameters.GeneratedSecret(), secret: true, persist: true)
            .WithDescription("Password of the `neo4j` user. Neo4j applies it only when its data volume is first created.", enableMarkdown: true);

        // WithImage must come before WithDataVolume: the volume's mount path follows the image's PostgreSQL version.
        var database = builder.AddPostgres("postgres")
            .WithImage("pgvector/pgvector", "pg17")
            .WithDataVolume()
            .AddDatabase(MemoryInfrastructure.DatabaseName);

        // Aspire has no Neo4j hosting integration, so Neo4j is a plain container.
        var neo4j = builder.AddContainer("neo4j", "neo4j", "5-community")
            .WithImageRegistry("docker.io")
            .WithHttpEndpoint(targetPort: 7474, name: "http")
            .WithEndpoint(targetPort: 7687, name: "bolt", scheme: "bolt")
            .WithEnvironment("NEO4J_AUTH", ReferenceExpression.Create($"neo4j/{neo4jPassword}"))
            .WithHttpHealthCheck("/", endpointName: "http");
        neo4j.WithVolume(VolumeNameGenerator.Generate(neo4j, "data"), "/data");

        var graphStore = builder.Configuration["Parameters:graph-store-provider"] is { Length: > 0 } chosen ? chosen : "relational";
        return new MemoryInfrastructure(database, graphStore, DataDirectory: null, memoryApi => memoryApi
            .WithEnvironment("NEO4J_URI", neo4j.GetEndpoint("http"))
            .WithEnvironment("NEO4J_USER", "neo4j")
            .WithEnvironment("NEO4J_PASSWORD", neo4jPassword)
            .WithEnvironment("GRAPH_STORE_PROVIDER", graphStoreProvider)
            .WaitFor(neo4j));
    }
}
