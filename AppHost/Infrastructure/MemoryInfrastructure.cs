namespace AppHost.Infrastructure;

/// <summary>
/// What the services need from the infrastructure, whichever mode provides it: the database to reference as
/// <c>memorydb</c>, the graph store the memory API uses, and any further wiring of the memory API.
/// </summary>
internal sealed record MemoryInfrastructure(
    IResourceBuilder<IResourceWithConnectionString> Database,
    string GraphStore,
    string? DataDirectory,
    Action<IResourceBuilder<ProjectResource>> ConfigureMemoryApi)
{
    public const string DatabaseName = "memorydb";
}
