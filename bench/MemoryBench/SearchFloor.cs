using MemoryCore.Graph;
using MemoryCore.Graph.Engine;
using MemoryCore.Model;
using MemoryCore.Retrieval;
using MemoryCore.Storage;
using MemoryCore.Storage.Postgres;
using MemoryCore.Storage.Postgres.Graph;
using MemoryCore.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MemoryBench;

/// <summary>
/// The floor of a search: the statements a mode's response needs, exactly as the store writes them, run one after
/// another on one already-open connection, with nothing around them (no pool, no count, no fusion, no records read
/// twice). What a search costs beyond this is the engine's own.
/// </summary>
internal abstract class SearchFloor : IAsyncDisposable
{
    /// <summary>Vector statement: top <paramref name="limit"/> of the scope by cosine distance.</summary>
    public abstract Task<int> VectorAsync(MemoryScope scope, ReadOnlyMemory<float> query, int limit);

    /// <summary>Full-text statement: top <paramref name="limit"/> of the scope by BM25.</summary>
    public abstract Task<int> FullTextAsync(MemoryScope scope, IReadOnlyList<string> terms, int limit);

    /// <summary>The graph neighbourhood statement.</summary>
    public abstract Task<int> NeighbourhoodAsync(GraphSearch search);

    public abstract ValueTask DisposeAsync();

    public static async Task<SearchFloor> OpenAsync(IMemoryStore store, IGraphStore graph) => store switch
    {
        PostgresMemoryStore postgres => new PostgresFloor(postgres, await postgres.DataSource.OpenConnectionAsync()),
        SqliteMemoryStore sqlite => new SqliteFloor(graph, await SqliteConnections.OpenAsync(SqliteConnections.ConnectionString(sqlite.DatabasePath), SqliteConnections.Defaults, CancellationToken.None)),
        _ => throw new ArgumentException($"No floor for {store.GetType().Name}."),
    };

    private sealed class PostgresFloor(PostgresMemoryStore store, NpgsqlConnection connection) : SearchFloor
    {
        private readonly PostgresNeighbourhoodQuery _neighbourhood = new(new PostgresGraphSql(store.Sql));

        public override async Task<int> VectorAsync(MemoryScope scope, ReadOnlyMemory<float> query, int limit)
        {
            await using var command = new NpgsqlCommand { Connection = connection };
            store.VectorSearch.PrepareExact(command, scope, exactScope: false, query, filter: null, limit);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = 0;
            while (await reader.ReadAsync())
            {
                rows++;
            }

            return rows;
        }

        public override async Task<int> FullTextAsync(MemoryScope scope, IReadOnlyList<string> terms, int limit) =>
            (await store.FullTextSearch.SearchAsync(connection, scope, terms, null, limit, CancellationToken.None)).Count;

        public override async Task<int> NeighbourhoodAsync(GraphSearch search) =>
            (await _neighbourhood.RunAsync(connection, search, CancellationToken.None)).Count;

        public override ValueTask DisposeAsync() => connection.DisposeAsync();
    }

    /// <summary>SQLite for reference: vector is the store's in-process exact scan, full text its FTS5 statement; the
    /// neighbourhood is the graph store's own read (it scores the scope's nodes in process, on its own connection).</summary>
    private sealed class SqliteFloor(IGraphStore graph, SqliteConnection connection) : SearchFloor
    {
        public override async Task<int> VectorAsync(MemoryScope scope, ReadOnlyMemory<float> query, int limit)
        {
            await using var command = connection.CreateCommand();
            var where = SqliteSql.MatchScope(scope, command);
            return (await SqliteVectorScan.TopAsync(connection, command, where, query, null, limit, CancellationToken.None)).Count;
        }

        public override async Task<int> FullTextAsync(MemoryScope scope, IReadOnlyList<string> terms, int limit) =>
            (await SqliteFullTextSearch.SearchAsync(connection, scope, terms, null, limit, CancellationToken.None)).Count;

        public override async Task<int> NeighbourhoodAsync(GraphSearch search) =>
            (await graph.NeighbourhoodAsync(search, CancellationToken.None)).Count;

        public override ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
