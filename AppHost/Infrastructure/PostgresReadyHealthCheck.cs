using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AppHost.Infrastructure;

/// <summary>
/// Healthy once the application database accepts a connection and the pgvector extension can be created in it,
/// which is what the memory service needs at its first start.
/// </summary>
internal sealed class PostgresReadyHealthCheck(IResourceWithConnectionString database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connectionString = await database.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(connectionString))
        {
            return HealthCheckResult.Unhealthy("The connection string is not known yet.");
        }

        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'", connection);
            var available = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
            return available > 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("PostgreSQL runs but has no pgvector extension: run scripts/install-pgvector.");
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not accept connections yet.", ex);
        }
    }
}
