using MemoryCore.Filtering;
using MemoryCore.Model;
using Npgsql;
using NpgsqlTypes;

namespace MemoryCore.Storage.Postgres;

/// <summary>
/// Full-text search over <c>memory_tsv</c> (Sql/fulltext.sql): the terms ORed, ranked by BM25 computed in
/// SQL over the searched scope and filter, in one statement that returns the full records.
/// </summary>
/// <remarks>
/// Why not ts_rank / ts_rank_cd: they weigh every matching word alike, with no inverse document frequency,
/// so in a person's memories their own name (in most of them) counts as much as the rare word the question
/// is really about. BM25 (k1 = 1.2, b = 0.75, idf = ln(1 + (N − n + 0.5) / (n + 0.5))) is also what SQLite's
/// FTS5 ranks with. N, n and the average length are taken over the memories the scope and filter select,
/// so other users' memories never influence a ranking. Document length is the number of distinct lexemes.
/// The matching rows are found with the GIN index (tsv @@ query) or the scope index, as the planner prefers.
/// Every CTE is MATERIALIZED: the planner cannot estimate them, and inlined it re-ran the corpus statistics
/// once per matching row (100 ms instead of 4 ms for a scope of 400 memories). A large scope's N and average length
/// are reused for a minute (<see cref="CorpusStatistics"/>). The records are read for the top
/// <c>limit</c> only: joining every scored row first cost a fifth of the statement (14 against 11.7 ms, 1,505 matches in
/// a 5,000-memory scope, docs/benchmarks.md). Term frequencies come from each match's query lexemes alone: setweight marks
/// them 'A' and ts_filter keeps them, so unnest expands two or three lexemes instead of the whole tsvector (4.9 against
/// 9.0 ms for 1,505 matches in psql). The stored tsvectors carry no weights of their own (to_tsvector gives every
/// position 'D'), so 'A' is exactly the query's lexemes.
/// </remarks>
internal sealed class PostgresFullTextSearch(PostgresSql sql, ExpiringMemo<MemoryScope, CorpusStatistics> corpora)
{
    /// <summary>A scope's statistics are reused from this size up (<see cref="CorpusStatistics"/>).</summary>
    internal const int CachedCorpusMinimum = 1_000;

    /// <summary>How long a large scope's statistics are reused.</summary>
    internal static readonly TimeSpan CorpusLifetime = TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<ScoredMemory>> SearchAsync(
        NpgsqlConnection connection, MemoryScope scope, IReadOnlyList<string> terms, MetadataFilter? filter, int limit, CancellationToken cancellationToken)
    {
        if (terms.Count == 0 || limit < 1)
        {
            return [];
        }

        await using var command = new NpgsqlCommand { Connection = connection };
        var where = $"{PostgresSql.MatchScope(scope, command)} AND {PostgresFilterSql.Translate(filter, command)}";
        // Only an unfiltered search's statistics are the scope's own, so only they are reused.
        var known = filter is null && corpora.TryGet(scope, out var remembered) ? remembered : null;
        var corpus = $"""
            SELECT count(*)::float8 AS n, GREATEST(COALESCE(avg(length(m.memory_tsv)), 1), 1)::float8 AS avgdl
            FROM {sql.Memories} m WHERE {where}
            """;
        if (known is not null)
        {
            corpus = "SELECT @corpus_n::float8 AS n, @corpus_avgdl::float8 AS avgdl";
            command.Parameters.Add(new NpgsqlParameter("corpus_n", NpgsqlDbType.Double) { Value = known.Count });
            command.Parameters.Add(new NpgsqlParameter("corpus_avgdl", NpgsqlDbType.Double) { Value = known.AverageLength });
        }

        // Terms hold only letters and digits (FullTextQuery), and websearch_to_tsquery never raises a syntax
        // error whatever it is given; quoting each term keeps words like "or" literal all the same.
        command.Parameters.Add(new NpgsqlParameter("websearch", NpgsqlDbType.Text) { Value = string.Join(" or ", terms.Select(t => "\"" + t + "\"")) });
        command.Parameters.Add(new NpgsqlParameter("plain", NpgsqlDbType.Text) { Value = string.Join(' ', terms) });
        command.Parameters.AddWithValue("limit", limit);
        command.CommandText = $"""
            WITH query AS (
                SELECT websearch_to_tsquery('english'::regconfig, @websearch) AS q,
                       ARRAY(SELECT DISTINCT t.lexeme FROM unnest(to_tsvector('english'::regconfig, @plain)) AS t) AS lexemes
            ),
            corpus AS MATERIALIZED ({corpus}),
            matched AS MATERIALIZED (
                SELECT m.id, m.memory_tsv AS tsv FROM {sql.Memories} m, query WHERE {where} AND m.memory_tsv @@ query.q
            ),
            terms AS MATERIALIZED (
                SELECT mt.id, t.lexeme, cardinality(t.positions)::float8 AS tf, length(mt.tsv)::float8 AS dl
                FROM matched mt CROSS JOIN query
                CROSS JOIN LATERAL unnest(ts_filter(setweight(mt.tsv, 'A', query.lexemes), ARRAY['a'::"char"])) AS t
            ),
            df AS MATERIALIZED (SELECT lexeme, count(*)::float8 AS n FROM terms GROUP BY lexeme),
            scored AS (
                SELECT t.id, sum(ln(1 + (GREATEST(c.n, df.n) - df.n + 0.5) / (df.n + 0.5)) * t.tf * 2.2 / (t.tf + 1.2 * (0.25 + 0.75 * t.dl / c.avgdl))) AS score
                FROM terms t JOIN df USING (lexeme) CROSS JOIN corpus c
                GROUP BY t.id
            ),
            top AS MATERIALIZED (SELECT id, score FROM scored ORDER BY score DESC, id LIMIT @limit)
            SELECT {PostgresSql.Columns}, s.score, c.n, c.avgdl FROM top s JOIN {sql.Memories} m ON m.id = s.id CROSS JOIN corpus c
            ORDER BY s.score DESC, m.id
            """;
        var results = new List<ScoredMemory>(Math.Min(limit, 256));
        CorpusStatistics? counted = null;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(new ScoredMemory(PostgresSql.ReadRecord(reader), reader.GetDouble(PostgresSql.ColumnCount)));
            counted ??= new CorpusStatistics(reader.GetDouble(PostgresSql.ColumnCount + 1), reader.GetDouble(PostgresSql.ColumnCount + 2));
        }

        if (filter is null && known is null && counted is { Count: >= CachedCorpusMinimum })
        {
            corpora.Remember(scope, counted);
        }

        return results;
    }

    public async Task<IReadOnlyList<MemoryRecord>> GetManyAsync(NpgsqlConnection connection, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var command = new NpgsqlCommand($"SELECT {PostgresSql.Columns} FROM {sql.Memories} m WHERE m.id = ANY (@ids)", connection);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids.ToArray() });
        var records = new List<MemoryRecord>(ids.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(PostgresSql.ReadRecord(reader));
        }

        return records;
    }
}

/// <summary>
/// A scope's document count and average document length, the BM25 statistics that cost a read of every memory of the
/// scope on every query (2.3 of 11.7 ms at 5,000 memories, and linear in the scope: docs/benchmarks.md). From
/// <see cref="PostgresFullTextSearch.CachedCorpusMinimum"/> memories up they are reused for a minute: a few memories
/// more or less move neither figure enough to change a ranking, and the term's document frequency, which does, is
/// always counted afresh (the idf uses the larger of the two counts, so a stale count cannot turn it negative).
/// Smaller scopes, where one memory matters, are always counted.
/// </summary>
internal sealed record CorpusStatistics(double Count, double AverageLength);
