namespace AppHost.Infrastructure;

/// <summary>Where PostgreSQL (and Neo4j) come from.</summary>
internal enum InfrastructureMode
{
    /// <summary>pgvector PostgreSQL and Neo4j containers with data volumes.</summary>
    Containers,

    /// <summary>PostgreSQL + pgvector from this machine's own binaries; the relational graph instead of Neo4j.</summary>
    Local,
}
