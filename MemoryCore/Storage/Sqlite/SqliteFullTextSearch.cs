using System.Text.Json;
using MemoryCore.Filtering;
using MemoryCore.Model;
using MemoryCore.Retrieval;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>
/// Full-text search over the FTS5 index of Sql/fulltext.sql: the terms ORed, ranked by FTS5's bm25()
/// (k1 = 1.2, b = 0.75), scoped with read semantics, the metadata filter evaluated in process as
/// everywhere in this store. One query; the full records come with it.
/// </summary>
/// <remarks>FTS5 keeps its BM25 statistics (document count, term frequencies, average length) over the
/// whole index, not per scope; PostgreSQL computes them over the searched scope. Which memories match is
/// the same in both stores; scores and close rankings can differ slightly.</remarks>
internal static class SqliteFullTextSearch
{
    // The columns SqliteSql.ReadRecord reads, without the embedding (ordinal 7), which is not needed here.
    private const string Columns = "m.id, m.user_id, m.agent_id, m.run_id, m.memory, m.hash, m.metadata, NULL, m.created_at, m.updated_at, m.tenant_id, m.app_id, m.categories";

    public static async Task<IReadOnlyList<ScoredMemory>> SearchAsync(
        SqliteConnection connection, MemoryScope scope, IReadOnlyList<string> terms, MetadataFilter? filter, int limit, CancellationToken cancellationToken)
    {
        if (terms.Count == 0 || limit < 1)
        {
            return [];
        }

        await using var command = connection.CreateCommand();
        var where = SqliteSql.MatchScope(scope, command);
        command.Parameters.AddWithValue("@match", FullTextQuery.ToFts5(terms));
        command.Parameters.AddWithValue("@limit", limit);
        // With a filter, rows are read best first until enough pass it, so no LIMIT in SQL.
        var limitClause = filter is null ? " LIMIT @limit" : string.Empty;
        command.CommandText = $"""
            SELECT {Columns}, bm25(memories_fts) AS bm25_score
            FROM memories_fts
            JOIN memories_fts_ids r ON r.rid = memories_fts.rowid
            JOIN memories m ON m.id = r.id
            WHERE memories_fts MATCH @match AND {where}
            ORDER BY bm25_score, m.id{limitClause}
            """;
        var results = new List<ScoredMemory>(Math.Min(limit, 256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (results.Count < limit && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var record = SqliteSql.ReadRecord(reader);
            if (MetadataFilterEvaluator.Matches(filter, record))
            {
                // bm25() is negative, lower is better; report it the usual way round.
                results.Add(new ScoredMemory(record, -reader.GetDouble(SqliteSql.ColumnCount)));
            }
        }

        return results;
    }

    public static async Task<IReadOnlyList<MemoryRecord>> GetManyAsync(SqliteConnection connection, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM memories m WHERE m.id IN (SELECT value FROM json_each(@ids))";
        command.Parameters.AddWithValue("@ids", JsonSerializer.Serialize(ids.Select(id => id.ToString())));
        var records = new List<MemoryRecord>(ids.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(SqliteSql.ReadRecord(reader));
        }

        return records;
    }
}
