using MemoryCore.Model;
using MemoryCore.Storage.Sqlite.Graph;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>The graph's hooks into the SQLite store: its schema, graph erase with the memories (delete_all) and on reset.</summary>
internal sealed partial class SqliteMemoryStore
{
    private static readonly string[] GraphTables = ["graph_nodes", "graph_edges", "graph_edge_sources"];

    /// <summary>Creates the graph tables and upgrades older files in place: every graph table gets tenant_id (rows stored
    /// before tenants existed are the default tenant's), then the indexes that name the tenant replace those that did
    /// not. In the start-up transaction; every step is idempotent.</summary>
    private static async Task ApplyGraphSchemaAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, EmbeddedSql.Load("MemoryCore.Sqlite.graph.sql"), cancellationToken, transaction).ConfigureAwait(false);
        foreach (var table in GraphTables)
        {
            await SqliteColumns.EnsureAsync(connection, transaction, table, "tenant_id TEXT NOT NULL DEFAULT 'default'", cancellationToken).ConfigureAwait(false);
        }

        // Mem0's app_id (issue 17) is part of the scope; the edge sources name no scope.
        await SqliteColumns.EnsureAsync(connection, transaction, "graph_nodes", "app_id TEXT", cancellationToken).ConfigureAwait(false);
        await SqliteColumns.EnsureAsync(connection, transaction, "graph_edges", "app_id TEXT", cancellationToken).ConfigureAwait(false);

        await ExecuteAsync(connection, EmbeddedSql.Load("MemoryCore.Sqlite.graph-tenants.sql"), cancellationToken, transaction).ConfigureAwait(false);
    }

    private const string GraphResetSql = SqliteGraphErase.ResetSql;

    private static Task DeleteScopeGraphAsync(SqliteConnection connection, SqliteTransaction transaction, MemoryScope scope, CancellationToken cancellationToken) =>
        SqliteGraphErase.DeleteScopeAsync(connection, transaction, scope, cancellationToken);
}
