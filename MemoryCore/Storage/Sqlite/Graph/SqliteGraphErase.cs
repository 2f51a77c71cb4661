using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite.Graph;

/// <summary>Removes graph rows with the memories they came from: a scope erase (delete_all) and a full reset.
/// SQLite does not cascade here, so supports, relations and nodes are deleted explicitly, in the caller's transaction.</summary>
internal static class SqliteGraphErase
{
    public static async Task DeleteScopeAsync(SqliteConnection connection, SqliteTransaction transaction, MemoryScope scope, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var nodes = SqliteGraphSql.Match(scope, command, "n");
        command.CommandText = $"""
            DELETE FROM graph_edge_sources WHERE edge_id IN (SELECT e.id FROM graph_edges e JOIN graph_nodes n ON n.id = e.source_id WHERE {nodes});
            DELETE FROM graph_edges WHERE source_id IN (SELECT n.id FROM graph_nodes n WHERE {nodes}) OR destination_id IN (SELECT n.id FROM graph_nodes n WHERE {nodes});
            DELETE FROM graph_nodes AS n WHERE {nodes};
            """;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public const string ResetSql = "DELETE FROM graph_edge_sources; DELETE FROM graph_edges; DELETE FROM graph_nodes;";
}
