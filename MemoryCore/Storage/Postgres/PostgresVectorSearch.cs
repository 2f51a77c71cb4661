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
/// The count and the exact scan are one statement (one round trip): the scan is gated on the bounded count (a one-time
/// filter, so a large scope is never scanned), and only a large scope costs a second round trip; it is then remembered
/// as large for a minute, so its next searches are not counted again.
/// </remarks>
internal sealed class PostgresVectorSearch(PostgresSql sql, StoreOptions options, Version vectorVersion, TimeProvider clock)
{
    private static readonly Version IterativeScans = new(0, 8);

    /// <summary>How long a scope counted past the exact-scan limit goes straight to the index path.</summary>
    internal static readonly TimeSpan LargeScopeLifetime = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The scopes a search recently counted past the exact-scan limit, so their next searches go straight to the HNSW path
    /// without counting them again. Counting is what made a large scope's search slow: the bounded count reads
    /// ExactSearchMaxRows + 1 index entries (8 ms under EXPLAIN ANALYZE for 20,001 at 1,000,000 memories,
    /// docs/benchmarks.md) before the index scan it then decides on. Safe because the index path answers any scope
    /// (approximate, with iterative scans and an exact re-sort): a large scope that shrank below the limit is searched
    /// through it for at most a minute more. Keyed by scope and kind of match.
    /// </summary>
    private readonly ExpiringMemo<(MemoryScope Scope, bool Exact), bool> _large = new(clock, LargeScopeLifetime);

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
        command.CommandText = $"""
            WITH {NearestSql(command.Parameters, scope, exactScope, query, filter, limit, gate: null)}
            SELECT {PostgresSql.Columns}, n.distance FROM nearest n JOIN {sql.Memories} m ON m.id = n.id ORDER BY n.distance, n.id
            """;
    }

    /// <summary>The CTE "nearest": the ids and distances of the scope's exact top <paramref name="limit"/>, through the
    /// scope index. It ranks ids only and the caller reads the record's columns for the top rows alone: projecting every
    /// column of every scanned row cost a third of a 5,000-memory scan (7.4 against 5.0 ms, docs/benchmarks.md).
    /// <paramref name="gate"/>, if given, is a boolean one-time filter: the scan runs only where it holds.</summary>
    private string NearestSql(
        NpgsqlParameterCollection parameters, MemoryScope scope, bool exactScope, ReadOnlyMemory<float> query, MetadataFilter? filter, int limit, string? gate)
    {
        var where = $"{ScopeClause(scope, exactScope, parameters)} AND {PostgresFilterSql.Translate(filter, parameters)}";
        parameters.AddWithValue("query", new Vector(query));
        parameters.AddWithValue("limit", limit);
        return $"""
            nearest AS MATERIALIZED (
                SELECT m.id, m.embedding <=> @query AS distance FROM {sql.Memories} m WHERE {(gate is null ? "" : $"({gate}) AND ")}{where}
                ORDER BY distance, m.id LIMIT @limit)
            """;
    }

    /// <summary>The exact scan's results when the scope has at most <see cref="StoreOptions.ExactSearchMaxRows"/> memories,
    /// else null. One statement, no transaction (it would cost a COMMIT round trip): the scope's bounded count, counted
    /// once, gates the scan (a one-time filter, so a large scope is never scanned) and comes back as the first column of
    /// every row; the LEFT JOIN returns it even when the scope is empty. A scope found large is remembered
    /// (<see cref="_large"/>) and not counted again for a while.</summary>
    private async Task<IReadOnlyList<ScoredMemory>?> SearchIfSmallAsync(
        NpgsqlConnection connection, MemoryScope scope, bool exactScope, ReadOnlyMemory<float> query, MetadataFilter? filter, int limit, CancellationToken cancellationToken)
    {
        if (_large.TryGet((scope, exactScope), out _))
        {
            return null;
        }

        await using var command = new NpgsqlCommand { Connection = connection };
        var count = BoundedCount(ScopeClause(scope, exactScope, command.Parameters));
        command.Parameters.AddWithValue("max", options.ExactSearchMaxRows);
        command.CommandText = $"""
            WITH gate AS MATERIALIZED (SELECT ({count}) <= @max AS small),
            {NearestSql(command.Parameters, scope, exactScope, query, filter, limit, gate: "SELECT small FROM gate")}
            SELECT g.small, {PostgresSql.Columns}, n.distance
            FROM gate g LEFT JOIN (nearest n JOIN {sql.Memories} m ON m.id = n.id) ON true
            ORDER BY n.distance, n.id
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var results = new List<ScoredMemory>(limit);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!reader.GetBoolean(0))
            {
                _large.Remember((scope, exactScope), true);
                return null;
            }

            if (!reader.IsDBNull(1))
            {
                results.Add(new ScoredMemory(PostgresSql.ReadRecord(reader, first: 1), VectorMath.FromCosineDistance(reader.GetDouble(PostgresSql.ColumnCount + 1))));
            }
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

    /// <summary>Whether the scope is past the exact-scan limit, from <see cref="_large"/> when it was found so recently
    /// (and remembered there when it is), like <see cref="SearchIfSmallAsync"/>: the per-vector searches that follow a
    /// large answer then go straight to the index instead of counting the scope again.</summary>
    private async Task<bool> ScopeExceedsAsync(NpgsqlConnection connection, MemoryScope scope, bool exact, CancellationToken cancellationToken)
    {
        if (_large.TryGet((scope, exact), out _))
        {
            return true;
        }

        await using var command = new NpgsqlCommand { Connection = connection };
        command.CommandText = $"SELECT ({BoundedCount(ScopeClause(scope, exact, command))}) > @max";
        command.Parameters.AddWithValue("max", options.ExactSearchMaxRows);
        var large = (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        if (large)
        {
            _large.Remember((scope, exact), true);
        }

        return large;
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
