using System.Text;
using MemoryCore.Model;
using Npgsql;
using Pgvector;

namespace MemoryBench;

/// <summary>The ground truth for recall on PostgreSQL: the exact top 10 of a scope by a sequential distance sort
/// (<c>+ 0</c> keeps the planner off the HNSW index), and EXPLAIN ANALYZE of the store's index-path query.</summary>
internal sealed class ExactScan : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _table;

    public ExactScan(string connectionString, string schema)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseVector();
        _dataSource = builder.Build();
        _table = $"\"{schema}\".memories";
    }

    /// <summary>Share of the exact top 10 found, counting ties: a result as close as the exact 10th counts as found
    /// (the hashing embedder gives many texts the same distance, and which of equals comes first is arbitrary).</summary>
    public async Task<double> RecallAt10Async(string userId, ReadOnlyMemory<float> query, IReadOnlyList<ScoredMemory> found)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT (embedding <=> @q) + 0 AS d FROM {_table} WHERE user_id = @u ORDER BY d LIMIT 10");
        command.Parameters.AddWithValue("q", new Vector(query));
        command.Parameters.AddWithValue("u", userId);
        var distances = new List<double>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                distances.Add(reader.GetDouble(0));
            }
        }

        if (distances.Count == 0)
        {
            return 1;
        }

        var tenth = distances[^1] + 1e-6;
        var hits = found.Take(distances.Count).Count(f => 1 - f.Score <= tenth);
        return (double)hits / distances.Count;
    }

    /// <summary>One `SELECT 1` round trip: the floor every store query pays on this machine, measured beside the searches.</summary>
    public async Task<double> RoundTripMsAsync()
    {
        await using var command = _dataSource.CreateCommand("SELECT 1");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await command.ExecuteScalarAsync();
        return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    public async Task<string> ExplainAsync(string userId, ReadOnlyMemory<float> query)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var settings = new NpgsqlCommand("SET LOCAL hnsw.ef_search = 100; SET LOCAL hnsw.iterative_scan = relaxed_order;", connection, transaction))
        {
            await settings.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(
            $"EXPLAIN (ANALYZE, BUFFERS) SELECT id, embedding <=> @q AS distance FROM {_table} m WHERE m.user_id = @u ORDER BY m.embedding <=> @q LIMIT 10",
            connection, transaction);
        command.Parameters.AddWithValue("q", new Vector(query));
        command.Parameters.AddWithValue("u", userId);
        var plan = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.AppendLine("    " + reader.GetString(0));
        }

        return plan.ToString();
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
