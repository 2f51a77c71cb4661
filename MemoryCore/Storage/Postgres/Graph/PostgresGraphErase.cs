using MemoryCore.Model;
using Npgsql;

namespace MemoryCore.Storage.Postgres.Graph;

/// <summary>Removes graph rows with the memories they came from: a scope erase (delete_all) and a full reset.</summary>
internal static class PostgresGraphErase
{
    /// <summary>Deletes the nodes of every exact scope that <paramref name="scope"/> matches (read semantics, as the
    /// memory delete); their relations and supports go by cascade. Runs in the caller's transaction.</summary>
    public static async Task DeleteScopeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PostgresSql sql, MemoryScope scope, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        command.CommandText = $"DELETE FROM {sql.Schema}.graph_nodes n WHERE {PostgresGraphSql.Match(scope, command.Parameters, "n")}";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The graph tables, for a TRUNCATE list.</summary>
    public static string Tables(PostgresSql sql) => $"{sql.Schema}.graph_edge_sources, {sql.Schema}.graph_edges, {sql.Schema}.graph_nodes";
}
