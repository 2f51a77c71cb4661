using MemoryCore.Model;
using Npgsql;
using NpgsqlTypes;

namespace MemoryCore.Storage.Postgres;

/// <summary>The two scope semantics as SQL over any table with tenant_id, user_id, agent_id, run_id and app_id columns. Both
/// always name the tenant: no read or write by scope ever crosses tenants. Their parameters are named
/// <c>{prefix}tenant</c>, <c>{prefix}user_id</c>...: "scope_" for the memory tables, and another prefix where one
/// statement holds two scope predicates (the graph's, <see cref="Graph.PostgresGraphSql"/>).</summary>
internal static class PostgresScopeClauses
{
    /// <summary>Write semantics: the exact tuple, a missing id matches only NULL. Written as "= value" / "IS NULL"
    /// rather than IS NOT DISTINCT FROM, which no index can serve.</summary>
    public static string Exact(MemoryScope scope, NpgsqlParameterCollection parameters, string alias, string prefix = DefaultPrefix)
    {
        return string.Join(" AND ", Tenant(scope, parameters, alias, prefix), Clause("user_id", scope.UserId), Clause("agent_id", scope.AgentId), Clause("run_id", scope.RunId), Clause("app_id", scope.AppId));

        string Clause(string column, string? value)
        {
            if (value is null)
            {
                return $"{alias}.{column} IS NULL";
            }

            parameters.Add(new NpgsqlParameter(prefix + column, NpgsqlDbType.Text) { Value = value });
            return $"{alias}.{column} = @{prefix}{column}";
        }
    }

    /// <summary>The scope as @tenant_id, @user_id, @agent_id, @run_id, @app_id (NULL when missing), for INSERTs.</summary>
    public static void AddValues(NpgsqlParameterCollection parameters, MemoryScope scope)
    {
        parameters.Add(new NpgsqlParameter("tenant_id", NpgsqlDbType.Text) { Value = scope.Tenant });
        parameters.Add(new NpgsqlParameter("user_id", NpgsqlDbType.Text) { Value = (object?)scope.UserId ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("agent_id", NpgsqlDbType.Text) { Value = (object?)scope.AgentId ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("run_id", NpgsqlDbType.Text) { Value = (object?)scope.RunId ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("app_id", NpgsqlDbType.Text) { Value = (object?)scope.AppId ?? DBNull.Value });
    }

    /// <summary>Read semantics: a missing id matches any value.</summary>
    public static string Match(MemoryScope scope, NpgsqlParameterCollection parameters, string alias, string prefix = DefaultPrefix)
    {
        var clauses = new List<string>(5) { Tenant(scope, parameters, alias, prefix) };
        Add("user_id", scope.UserId);
        Add("agent_id", scope.AgentId);
        Add("run_id", scope.RunId);
        Add("app_id", scope.AppId);
        return string.Join(" AND ", clauses);

        void Add(string column, string? value)
        {
            if (value is not null)
            {
                clauses.Add($"{alias}.{column} = @{prefix}{column}");
                parameters.Add(new NpgsqlParameter(prefix + column, NpgsqlDbType.Text) { Value = value });
            }
        }
    }

    /// <summary>The tenant is never NULL and never "any": a plain equality, first, so every scope index can lead with it.
    /// Alone, for statements that already pick rows by id: a row id of another tenant matches nothing.</summary>
    public static string Tenant(MemoryScope scope, NpgsqlParameterCollection parameters, string alias, string prefix = DefaultPrefix)
    {
        parameters.Add(new NpgsqlParameter(prefix + "tenant", NpgsqlDbType.Text) { Value = scope.Tenant });
        return $"{alias}.tenant_id = @{prefix}tenant";
    }

    private const string DefaultPrefix = "scope_";
}
