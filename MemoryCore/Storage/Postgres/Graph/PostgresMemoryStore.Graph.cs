using MemoryCore.Model;
using MemoryCore.Storage.Postgres.Graph;
using Npgsql;

namespace MemoryCore.Storage.Postgres;

/// <summary>The graph's hooks into the PostgreSQL store: its data source for graph reads, and graph erase with the memories.</summary>
internal sealed partial class PostgresMemoryStore
{
    /// <summary>The vector-aware data source, shared with the relational graph.</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    internal PostgresSql Sql => _sql;

    /// <summary>The graph tables, appended to the reset's TRUNCATE.</summary>
    private string GraphTables => PostgresGraphErase.Tables(_sql);

    /// <summary>delete_all erases the scope's graph in the same transaction as its memories: no orphans.</summary>
    private Task DeleteScopeGraphAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MemoryScope scope, CancellationToken cancellationToken) =>
        PostgresGraphErase.DeleteScopeAsync(connection, transaction, _sql, scope, cancellationToken);
}
