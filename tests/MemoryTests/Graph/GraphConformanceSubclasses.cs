using System.Diagnostics;
using MemoryCore.Graph;
using MemoryCore.Graph.Neo4j;
using MemoryTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MemoryTests.Graph;

public sealed class SqliteGraphConformanceTests : GraphConformanceTests
{
    private SqliteTestStore? _sqlite;

    protected override TestStore CreateTestStore() => _sqlite = new SqliteTestStore();

    protected override async Task<long?> CountRowsAsync(string table)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_sqlite!.DataDir, "memory.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

public sealed class PostgresGraphConformanceTests : GraphConformanceTests
{
    private PostgresTestStore? _postgres;

    protected override TestStore CreateTestStore() => _postgres = new PostgresTestStore();

    protected override async Task<long?> CountRowsAsync(string table)
    {
        await using var connection = new NpgsqlConnection(_postgres!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{_postgres.Schema}\".{table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Npgsql starts one activity per command it sends; counted while <paramref name="action"/> runs.</summary>
    protected override async Task<int?> CountCommandsAsync(Func<Task> action)
    {
        var count = 0;
        var schema = _postgres!.Schema;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("db.query.text")?.ToString() is { } text ? text.Contains(schema, StringComparison.Ordinal) : activity.GetTagItem("db.statement")?.ToString()?.Contains(schema, StringComparison.Ordinal) == true)
                {
                    Interlocked.Increment(ref count);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await action();
        return count;
    }
}

/// <summary>
/// The same contract against the Neo4j projection: writes go to the relational graph (SQLite) and are projected after
/// every commit; every read goes to Neo4j. Needs a Neo4j 5 server: NEO4J_URI (HTTP, e.g. http://localhost:7474),
/// NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE. Skipped with that reason when NEO4J_URI is not set.
/// </summary>
public sealed class Neo4jGraphConformanceTests : GraphConformanceTests
{
    private readonly HttpClient _http = new();
    private Neo4jQueryClient? _client;

    protected override IGraphReader Reader => new Neo4jGraphReader(_client!);

    public override async ValueTask InitializeAsync()
    {
        var uri = Environment.GetEnvironmentVariable("NEO4J_URI");
        if (string.IsNullOrWhiteSpace(uri))
        {
            Assert.Skip("NEO4J_URI is not set: the Neo4j projection is tested only against a running Neo4j 5 (HTTP Query API).");
        }

        _client = new Neo4jQueryClient(_http, new Neo4jOptions
        {
            Uri = uri,
            User = Environment.GetEnvironmentVariable("NEO4J_USER") ?? "neo4j",
            Password = Environment.GetEnvironmentVariable("NEO4J_PASSWORD"),
            Database = Environment.GetEnvironmentVariable("NEO4J_DATABASE") ?? "neo4j",
        });
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _http.Dispose();
    }

    protected override TestStore CreateTestStore() => new SqliteTestStore();

    protected override IGraphProjection? CreateProjection() => new Neo4jGraphProjection(_client!);
}
