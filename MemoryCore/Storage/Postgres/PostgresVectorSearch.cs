using System.Globalization;
using MemoryCore.Filtering;
using MemoryCore.Model;
using Npgsql;
using Pgvector;

namespace MemoryCore.Storage.Postgres;

/// <summary>
/// Scoped nearest-neighbour search that stays exact when the scope is small.
/// </summary>
/// <remarks>
/// pgvector's HNSW index applies WHERE filters after the graph walk: with a selective scope (20 memories
/// in a table of 50,000) the walk's ef_search candidates rarely include them and the query returns too
/// few rows. So: a bounded count of the scope first; up to <see cref="StoreOptions.ExactSearchMaxRows"/>
/// memories, an exact scan through the scope index (ORDER BY distance, id cannot use HNSW); above it,
/// the HNSW index with iterative scans (pgvector 0.8+) re-sorted exactly in an outer query.
/// The count and the exact scan go out in one batch (one round trip): the scan is gated on the same bounded count
/// (a one-time filter, so a large scope is never scanned), and only a large scope costs a second round trip.
/// </remarks>
internal sealed class PostgresVectorSearch(PostgresSql sql, StoreOptions options, Version vectorVersion)
{
    private static readonly Version IterativeScans = new(0, 8);

    public async Task<IReadOnlyList<ScoredMemory>> SearchAsync(
        NpgsqlConnection connection, MemoryScope scope, bool exactScope, ReadOnlyMemory<float> query,
        MetadataFilter? filter, int limit, CancellationToken cancellationToken)
    {
        if (await SearchIfSmallAsync(connection, scope, exactScope, query, filter, limit, cancellationToken).ConfigureAwait(false) is { } small)
        {
            return small;
        }

        // Round trips cost more than the SQL on a busy machine (measured at 1M memories, docs/benchmarks.md): the index
        // path sends its SET LOCALs with the query (Npgsql sends the deferred BEGIN with them too).
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        var where = $"{ScopeClause(scope, exactScope, command)} AND {PostgresFilterSql.Translate(filter, command)}";
        command.Parameters.AddWithValue("query", new Vector(query));
        command.Parameters.AddWithValue("limit", limit);
        command.CommandText = $"""
            {IndexScanSettings(limit)}
            WITH nearest AS MATERIALIZED (
                SELECT {PostgresSql.Columns}, m.embedding <=> @query AS distance
                FROM {sql.Memories} m WHERE {where}
                ORDER BY m.embedding <=> @query LIMIT @limit)
            SELECT * FROM nearest ORDER BY distance, id
            """;
        var results = await ReadAsync(command, limit, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>The exact scan of a scope small enough for it (through the scope index, ORDER BY distance, id): the
    /// statement the store runs, also executed alone by the benchmark's floor.</summary>
    public void PrepareExact(NpgsqlCommand command, MemoryScope scope, bool exactScope, ReadOnlyMemory<float> query, MetadataFilter? filter, int limit)
    {
        command.CommandText = ExactSql(command.Parameters, scope, exactScope, query, filter, limit, gated: false);
    }

    /// <summary>The exact scan; <paramref name="gated"/> adds the one-time filter "the scope is small" (its bounded count
    /// at most @max, which it adds), so the scan runs only when the scope is small enough for it.</summary>
    private string ExactSql(
        NpgsqlParameterCollection parameters, MemoryScope scope, bool exactScope, ReadOnlyMemory<float> query, MetadataFilter? filter, int limit, bool gated)
    {
        var scopeClause = ScopeClause(scope, exactScope, parameters);
        var where = $"{scopeClause} AND {PostgresFilterSql.Translate(filter, parameters)}";
        if (gated)
        {
            // The subquery reuses the clause and its parameters; its own alias m hides the outer one inside it.
            where = $"({BoundedCount(scopeClause)}) <= @max AND {where}";
            parameters.AddWithValue("max", options.ExactSearchMaxRows);
        }

        parameters.AddWithValue("query", new Vector(query));
        parameters.AddWithValue("limit", limit);
        // The scan ranks ids only and the record's columns are read for the top rows alone: projecting every column of
        // every scanned row cost a third of a 5,000-memory scan (7.4 against 5.0 ms, docs/benchmarks.md).
        return $"""
            WITH nearest AS MATERIALIZED (
                SELECT m.id, m.embedding <=> @query AS distance FROM {sql.Memories} m WHERE {where} ORDER BY distance, m.id LIMIT @limit)
            SELECT {PostgresSql.Columns}, n.distance FROM nearest n JOIN {sql.Memories} m ON m.id = n.id ORDER BY n.distance, n.id
            """;
    }

    /// <summary>The exact scan's results when the scope has at most <see cref="StoreOptions.ExactSearchMaxRows"/> memories,
    /// else null: the bounded count and the gated scan in one batch, no transaction (it would cost a COMMIT round trip).</summary>
    private async Task<IReadOnlyList<ScoredMemory>?> SearchIfSmallAsync(
        NpgsqlConnection connection, MemoryScope scope, bool exactScope, ReadOnlyMemory<float> query, MetadataFilter? filter, int limit, CancellationToken cancellationToken)
    {
        var count = new NpgsqlBatchCommand();
        count.CommandText = $"SELECT ({BoundedCount(ScopeClause(scope, exactScope, count.Parameters))}) <= @max";
        count.Parameters.AddWithValue("max", options.ExactSearchMaxRows);
        var exact = new NpgsqlBatchCommand();
        exact.CommandText = ExactSql(exact.Parameters, scope, exactScope, query, filter, limit, gated: true);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { count, exact } };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (!reader.GetBoolean(0))
        {
            return null;
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var results = new List<ScoredMemory>(limit);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(new ScoredMemory(PostgresSql.ReadRecord(reader), VectorMath.FromCosineDistance(reader.GetDouble(PostgresSql.ColumnCount))));
        }

        return results;
    }

    /// <summary>How many memories match <paramref name="scopeClause"/> (over alias m), counting no further than one past
    /// the exact-scan limit @max: cheap at any scope size.</summary>
    private string BoundedCount(string scopeClause) =>
        $"SELECT count(*) FROM (SELECT 1 FROM {sql.Memories} m WHERE {scopeClause} LIMIT @max + 1) bounded";

    private static async Task<IReadOnlyList<ScoredMemory>> ReadAsync(NpgsqlCommand command, int limit, CancellationToken cancellationToken)
    {
        var results = new List<ScoredMemory>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(new ScoredMemory(PostgresSql.ReadRecord(reader), VectorMath.FromCosineDistance(reader.GetDouble(PostgresSql.ColumnCount))));
        }

        return results;
    }

    /// <summary>For each vector, the exact top <paramref name="limit"/> of the scope. A scope searched exactly (the usual
    /// one person's memories) answers every vector in one statement (LATERAL); a large one takes the index path per vector.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<ScoredMemory>>> SearchManyAsync(
        NpgsqlConnection connection, MemoryScope scope, bool exactScope, IReadOnlyList<ReadOnlyMemory<float>> vectors, int limit, CancellationToken cancellationToken)
    {
        if (vectors.Count == 0)
        {
            return [];
        }

        if (vectors.Count == 1 || await ScopeExceedsAsync(connection, scope, exactScope, cancellationToken).ConfigureAwait(false))
        {
            var each = new List<IReadOnlyList<ScoredMemory>>(vectors.Count);
            foreach (var vector in vectors)
            {
                each.Add(await SearchAsync(connection, scope, exactScope, vector, filter: null, limit, cancellationToken).ConfigureAwait(false));
            }

            return each;
        }

        await using var command = new NpgsqlCommand { Connection = connection };
        var where = ScopeClause(scope, exactScope, command);
        command.CommandText = $"""
            SELECT q.ord::int, {PostgresSql.Columns}, n.distance
            FROM unnest(@vectors) WITH ORDINALITY AS q(v, ord)
            CROSS JOIN LATERAL (
                SELECT m.id, m.embedding <=> q.v AS distance FROM {sql.Memories} m WHERE {where}
                ORDER BY distance, m.id LIMIT @limit) n
            JOIN {sql.Memories} m ON m.id = n.id
            ORDER BY q.ord, n.distance, n.id
            """;
        command.Parameters.AddWithValue("vectors", vectors.Select(v => new Vector(v)).ToArray());
        command.Parameters.AddWithValue("limit", limit);
        var results = vectors.Select(_ => new List<ScoredMemory>(limit)).ToArray();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results[reader.GetInt32(0) - 1].Add(new ScoredMemory(PostgresSql.ReadRecord(reader, first: 1), VectorMath.FromCosineDistance(reader.GetDouble(PostgresSql.ColumnCount + 1))));
        }

        return results;
    }

    private static string ScopeClause(MemoryScope scope, bool exact, NpgsqlCommand command) => ScopeClause(scope, exact, command.Parameters);

    private static string ScopeClause(MemoryScope scope, bool exact, NpgsqlParameterCollection parameters) =>
        exact ? PostgresScopeClauses.Exact(scope, parameters, "m") : PostgresScopeClauses.Match(scope, parameters, "m");

    private async Task<bool> ScopeExceedsAsync(NpgsqlConnection connection, MemoryScope scope, bool exact, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand { Connection = connection };
        command.CommandText = $"SELECT ({BoundedCount(ScopeClause(scope, exact, command))}) > @max";
        command.Parameters.AddWithValue("max", options.ExactSearchMaxRows);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The HNSW scan's settings for this transaction only (SET LOCAL), as statements to send before the query.
    /// The scan is planned for its own parameters every time (plan_cache_mode): its statement is auto-prepared like the
    /// others (<see cref="PostgresSessionDefaults"/>), and the choice of the HNSW index is the planner's for this scope.</summary>
    private string IndexScanSettings(int limit)
    {
        var efSearch = Math.Clamp(Math.Max(options.HnswEfSearch, limit * 2), 1, 1000).ToString(CultureInfo.InvariantCulture);
        var settings = $"SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL hnsw.ef_search = {efSearch};";
        if (vectorVersion >= IterativeScans)
        {
            settings += " SET LOCAL hnsw.iterative_scan = relaxed_order;";
        }

        return settings;
    }
}
