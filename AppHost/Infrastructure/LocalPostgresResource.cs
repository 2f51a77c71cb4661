namespace AppHost.Infrastructure;

/// <summary>
/// PostgreSQL + pgvector run from this machine's binaries by <c>scripts/local-postgres</c>, as an executable
/// resource. Its connection string names the application database, so services reference it exactly like the
/// container mode's database resource (<c>ConnectionStrings__memorydb</c>).
/// </summary>
internal sealed class LocalPostgresResource(string name, string script, string workingDirectory, string databaseName)
    : ExecutableResource(name, script, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public string DatabaseName { get; } = databaseName;

    public EndpointReference Endpoint => field ??= new(this, EndpointName);

    // Loopback only and trust authentication (scripts/local-postgres): a development database, never exposed.
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Database={DatabaseName}");
}
