using System.Numerics.Tensors;
using MemoryCore.Model;
using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace MemoryTests.Stores;

/// <summary>
/// pgvector's filtered-HNSW pitfall: a selective WHERE applied after the graph walk returns too few rows.
/// A small scope inside a big table must still get the exact top-k, and a big scope must use the index
/// and still stay inside its scope.
/// </summary>
public sealed class PostgresScopedSearchExactnessTests : IAsyncLifetime
{
    private const int Dimensions = 32;
    private const int BackgroundRows = 40_000;
    private readonly PostgresTestStore _testStore = new();
    private readonly Random _random = new(20261124);
    private readonly Dictionary<string, List<(Guid Id, float[] Vector)>> _byUser = [];

    public async ValueTask InitializeAsync()
    {
        var identity = new EmbeddingIdentity("random-test-vectors", Dimensions);
        await _testStore.Create(identity).InitializeAsync(CancellationToken.None);
        await BulkLoadAsync();
    }

    public async ValueTask DisposeAsync() => await _testStore.DisposeAsync();

    [Fact]
    public async Task A_small_scope_in_a_big_table_gets_the_exact_top_10()
    {
        var store = _testStore.Create(new EmbeddingIdentity("random-test-vectors", Dimensions));
        await store.InitializeAsync(CancellationToken.None);

        for (var q = 0; q < 5; q++)
        {
            var query = RandomVector();
            var results = await store.SearchAsync(MemoryScope.Create("target", null, null), query, null, 10, CancellationToken.None);

            // Exact up to float rounding: PostgreSQL and .NET sum in a different order, so near-ties may swap.
            var exact = ExactScores("target", query);
            Assert.Equal(10, results.Count);
            Assert.Equal(exact.Values.OrderDescending().Take(10), results.Select(r => r.Score), new ScoreComparer());
            Assert.All(results, r => Assert.Equal(exact[r.Memory.Id], r.Score, 1e-5));
        }
    }

    [Fact]
    public async Task A_big_scope_uses_the_index_and_stays_in_scope()
    {
        var options = new StoreOptions { ExactSearchMaxRows = 1_000 };
        var store = _testStore.Create(new EmbeddingIdentity("random-test-vectors", Dimensions), options);
        await store.InitializeAsync(CancellationToken.None);
        var recalled = 0;

        for (var q = 0; q < 10; q++)
        {
            var query = RandomVector();
            var results = await store.SearchAsync(MemoryScope.Create("big", null, null), query, null, 10, CancellationToken.None);

            Assert.Equal(10, results.Count);
            Assert.All(results, r => Assert.Equal("big", r.Memory.UserId));
            Assert.True(results.Zip(results.Skip(1)).All(p => p.First.Score >= p.Second.Score), "results are best first");
            recalled += results.Select(r => r.Memory.Id).Intersect(ExactTop("big", query, 10)).Count();
        }

        // HNSW is approximate: demand high recall, not perfection.
        Assert.True(recalled >= 80, $"recall@10 over 10 queries was {recalled}%");
    }

    private Dictionary<Guid, double> ExactScores(string user, float[] query) =>
        _byUser[user].ToDictionary(m => m.Id, m => (double)Math.Clamp(TensorPrimitives.CosineSimilarity(query, m.Vector), 0f, 1f));

    private sealed class ScoreComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-5;

        public int GetHashCode(double obj) => 0;
    }

    private IEnumerable<Guid> ExactTop(string user, float[] query, int k) =>
        _byUser[user]
            .Select(m => (m.Id, Score: Math.Clamp(TensorPrimitives.CosineSimilarity(query, m.Vector), 0f, 1f)))
            .OrderByDescending(m => m.Score).ThenBy(m => m.Id)
            .Take(k)
            .Select(m => m.Id);

    private float[] RandomVector()
    {
        var vector = new float[Dimensions];
        for (var i = 0; i < Dimensions; i++)
        {
            vector[i] = (float)((_random.NextDouble() * 2) - 1);
        }

        return vector;
    }

    private async Task BulkLoadAsync()
    {
        var builder = new NpgsqlDataSourceBuilder(_testStore.ConnectionString);
        builder.UseVector();
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        var table = $"\"{_testStore.Schema}\".memories";
        await using (var drop = new NpgsqlCommand($"DROP INDEX \"{_testStore.Schema}\".memories_embedding_hnsw_idx", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        var now = DateTime.UtcNow;
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY {table} (id, user_id, memory, hash, metadata, embedding, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            var rows = Enumerable.Range(0, BackgroundRows).Select(i => $"bulk-{i % 2_000}")
                .Concat(Enumerable.Repeat("target", 20))
                .Concat(Enumerable.Repeat("big", 3_000));
            foreach (var user in rows)
            {
                var id = Guid.NewGuid();
                var vector = RandomVector();
                if (!user.StartsWith("bulk-", StringComparison.Ordinal))
                {
                    (_byUser.TryGetValue(user, out var list) ? list : _byUser[user] = []).Add((id, vector));
                }

                await writer.StartRowAsync();
                await writer.WriteAsync(id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(user, NpgsqlDbType.Text);
                await writer.WriteAsync("m", NpgsqlDbType.Text);
                await writer.WriteAsync(MemoryHash.Compute(id.ToString()), NpgsqlDbType.Text);
                await writer.WriteAsync("{}", NpgsqlDbType.Jsonb);
                await writer.WriteAsync(new Vector(vector));
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await writer.CompleteAsync();
        }

        await using var index = new NpgsqlCommand(
            $"CREATE INDEX memories_embedding_hnsw_idx ON {table} USING hnsw (embedding vector_cosine_ops); ANALYZE {table};", connection);
        index.CommandTimeout = 600;
        await index.ExecuteNonQueryAsync();
    }
}
