using System.Data.Common;
using Npgsql;

namespace MemoryCore.Storage.Postgres;

/// <summary>
/// What the store changes in the connection string it is given, each only where that string says nothing of it:
/// <list type="bullet">
/// <item>No JIT compilation. The store's statements are short, but the planner overestimates the graph
/// neighbourhood's recursive walk and the full-text BM25 CTEs past jit_above_cost, and compiling them cost 250-650 ms an
/// execution against 10-40 ms without (EXPLAIN ANALYZE at 5,000 memories, docs/benchmarks.md, issue 8).</item>
/// <item>Automatic preparation of the statements a connection runs repeatedly (Npgsql's Max Auto Prepare). Planning
/// was most of the database's time per request: pg_stat_statements over the side-by-side run gave the graph
/// neighbourhood 1.2 ms of planning against 0.7 ms of execution, the add's graph read 0.5 against 0.4, the hash lookup
/// 0.13 against 0.04 (docs/benchmarks.md). Prepared, a statement is parsed once a connection and, after five
/// executions, may run on PostgreSQL's generic plan. That cannot change a result: the exact vector scan's ORDER BY
/// (distance, id) cannot use the approximate HNSW index whatever the plan, and the HNSW path itself asks for a plan of
/// its own each time (plan_cache_mode, <see cref="PostgresVectorSearch"/>). A pooler in transaction mode without
/// prepared-statement support needs "Max Auto Prepare=0" in the connection string.</item>
/// </list>
/// </summary>
internal static class PostgresSessionDefaults
{
    /// <summary>Statements kept prepared per connection: the store's distinct statements for one schema, with room.</summary>
    internal const int MaxAutoPrepare = 256;

    private static readonly string[] AutoPrepareKeys = ["Max Auto Prepare", "MaxAutoPrepare"];

    public static void Apply(NpgsqlConnectionStringBuilder builder, string connectionString)
    {
        builder.Options = WithoutJit(builder.Options);
        if (!Names(connectionString, AutoPrepareKeys))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }
    }

    internal static string WithoutJit(string? options) =>
        options is { } given && given.Contains("jit", StringComparison.OrdinalIgnoreCase) ? given : $"{options} -c jit=off".Trim();

    private static bool Names(string connectionString, string[] keys)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return keys.Any(given.ContainsKey);
    }
}
