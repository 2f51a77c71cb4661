using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>The two scope semantics as SQL over any table with tenant_id, user_id, agent_id, run_id and app_id columns. Both
/// always name the tenant: no read or write by scope ever crosses tenants. Their parameters are named
/// <c>@{prefix}tenant</c>, <c>@{prefix}user_id</c>...: "scope_" for the memory tables, and another prefix where one
/// statement holds two scope predicates (the graph's, <see cref="Graph.SqliteGraphSql"/>).</summary>
internal static class SqliteScopeClauses
{
    /// <summary>Write semantics: the exact tuple, a missing id matches only NULL (written "= value" / "IS NULL", the
    /// same statement text whatever the ids, as the PostgreSQL store writes it).</summary>
    public static string Exact(MemoryScope scope, SqliteCommand command, string? alias = null, string prefix = DefaultPrefix) =>
        Clauses(scope, command, alias, prefix, exact: true);

    /// <summary>The scope as @tenant_id, @user_id, @agent_id, @run_id, @app_id (NULL when missing), for INSERTs.</summary>
    public static void AddValues(SqliteCommand command, MemoryScope scope)
    {
        command.Parameters.AddWithValue("@tenant_id", scope.Tenant);
        command.Parameters.AddWithValue("@user_id", (object?)scope.UserId ?? DBNull.Value);
        command.Parameters.AddWithValue("@agent_id", (object?)scope.AgentId ?? DBNull.Value);
        command.Parameters.AddWithValue("@run_id", (object?)scope.RunId ?? DBNull.Value);
        command.Parameters.AddWithValue("@app_id", (object?)scope.AppId ?? DBNull.Value);
    }

    /// <summary>Read semantics: a missing id matches any value.</summary>
    public static string Match(MemoryScope scope, SqliteCommand command, string? alias = null, string prefix = DefaultPrefix) =>
        Clauses(scope, command, alias, prefix, exact: false);

    /// <summary>The tenant is never NULL and never "any": always a plain equality. Alone, for statements that already pick
    /// rows by id: a row id of another tenant matches nothing.</summary>
    public static string Tenant(MemoryScope scope, SqliteCommand command, string? alias = null, string prefix = DefaultPrefix)
    {
        command.Parameters.AddWithValue($"@{prefix}tenant", scope.Tenant);
        return $"{Qualified(alias)}tenant_id = @{prefix}tenant";
    }

    private const string DefaultPrefix = "scope_";

    private static string Clauses(MemoryScope scope, SqliteCommand command, string? alias, string prefix, bool exact)
    {
        var clauses = new List<string>(5) { Tenant(scope, command, alias, prefix) };
        foreach (var (column, value) in new[] { ("user_id", scope.UserId), ("agent_id", scope.AgentId), ("run_id", scope.RunId), ("app_id", scope.AppId) })
        {
            if (value is not null)
            {
                command.Parameters.AddWithValue($"@{prefix}{column}", value);
                clauses.Add($"{Qualified(alias)}{column} = @{prefix}{column}");
            }
            else if (exact)
            {
                clauses.Add($"{Qualified(alias)}{column} IS NULL");
            }
        }

        return string.Join(" AND ", clauses);
    }

    private static string Qualified(string? alias) => alias is null ? string.Empty : alias + ".";
}
