using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>The two scope semantics as SQL over any table with tenant_id, user_id, agent_id and run_id columns. Both
/// always name the tenant: no read or write by scope ever crosses tenants.</summary>
internal static class SqliteScopeClauses
{
    /// <summary>Write semantics: the exact tuple, a missing id matches only NULL.</summary>
    public static string Exact(MemoryScope scope, SqliteCommand command, string? alias = null)
    {
        var prefix = alias is null ? string.Empty : alias + ".";
        var tenant = Tenant(scope, command, prefix);
        command.Parameters.AddWithValue("@scope_user_id", (object?)scope.UserId ?? DBNull.Value);
        command.Parameters.AddWithValue("@scope_agent_id", (object?)scope.AgentId ?? DBNull.Value);
        command.Parameters.AddWithValue("@scope_run_id", (object?)scope.RunId ?? DBNull.Value);
        return $"{tenant} AND {prefix}user_id IS @scope_user_id AND {prefix}agent_id IS @scope_agent_id AND {prefix}run_id IS @scope_run_id";
    }

    /// <summary>The scope as @tenant_id, @user_id, @agent_id, @run_id (NULL when missing), for INSERTs.</summary>
    public static void AddValues(SqliteCommand command, MemoryScope scope)
    {
        command.Parameters.AddWithValue("@tenant_id", scope.Tenant);
        command.Parameters.AddWithValue("@user_id", (object?)scope.UserId ?? DBNull.Value);
        command.Parameters.AddWithValue("@agent_id", (object?)scope.AgentId ?? DBNull.Value);
        command.Parameters.AddWithValue("@run_id", (object?)scope.RunId ?? DBNull.Value);
    }

    /// <summary>Read semantics: a missing id matches any value.</summary>
    public static string Match(MemoryScope scope, SqliteCommand command, string? alias = null)
    {
        var prefix = alias is null ? string.Empty : alias + ".";
        var clauses = new List<string>(4) { Tenant(scope, command, prefix) };
        Add("user_id", scope.UserId);
        Add("agent_id", scope.AgentId);
        Add("run_id", scope.RunId);
        return string.Join(" AND ", clauses);

        void Add(string column, string? value)
        {
            if (value is not null)
            {
                clauses.Add($"{prefix}{column} = @scope_{column}");
                command.Parameters.AddWithValue("@scope_" + column, value);
            }
        }
    }

    /// <summary>The tenant is never NULL and never "any": always a plain equality.</summary>
    private static string Tenant(MemoryScope scope, SqliteCommand command, string prefix)
    {
        command.Parameters.AddWithValue("@scope_tenant", scope.Tenant);
        return $"{prefix}tenant_id = @scope_tenant";
    }
}
