using Microsoft.Extensions.Configuration;

namespace AppHost.Infrastructure;

/// <summary>
/// PostgreSQL + pgvector from this machine's binaries, its data kept across restarts in
/// <c>LocalPostgres:DataDir</c> (default <c>.dev/postgres</c> in the repository), and the relational graph in the
/// same database instead of Neo4j (a machine without a container engine).
/// </summary>
internal static class LocalInfrastructure
{
    public const string GraphStore = "relational";

    public static MemoryInfrastructure Add(IDistributedApplicationBuilder builder, string repositoryRoot, string python)
    {
        LocalPrerequisites.Ensure(repositoryRoot, python, Console.Out);

        var dataDirectory = Path.GetFullPath(
            builder.Configuration["LocalPostgres:DataDir"] is { Length: > 0 } configured
                ? Path.Combine(repositoryRoot, configured)
                : Path.Combine(repositoryRoot, ".dev", "postgres"));
        LocalPrerequisites.EnsureReachableByPostgres(dataDirectory);
        var port = builder.Configuration.GetValue<int?>("LocalPostgres:Port");

        var postgres = builder.AddLocalPostgres("postgres", repositoryRoot, dataDirectory, MemoryInfrastructure.DatabaseName, port);
        return new MemoryInfrastructure(postgres, GraphStore, dataDirectory, memoryApi => memoryApi
            .WithEnvironment("GRAPH_STORE_PROVIDER", GraphStore));
    }
}
