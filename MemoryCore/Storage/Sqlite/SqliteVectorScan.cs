using MemoryCore.Filtering;
using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>Exact top-k by cosine similarity over the rows a command selects.</summary>
internal static class SqliteVectorScan
{
    public static async Task<IReadOnlyList<ScoredMemory>> TopAsync(
        SqliteCommand command, ReadOnlyMemory<float> query, MetadataFilter? filter, int limit, CancellationToken cancellationToken)
    {
        var best = new PriorityQueue<ScoredMemory, (double Score, Guid Id)>(limit + 1, WorstFirst.Instance);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var record = SqliteSql.ReadRecord(reader);
            if (!MetadataFilterEvaluator.Matches(filter, record.Metadata))
            {
                continue;
            }

            var score = VectorMath.Similarity(query.Span, SqliteSql.ReadEmbedding(reader));
            best.Enqueue(new ScoredMemory(record, score), (score, record.Id));
            if (best.Count > limit)
            {
                best.Dequeue();
            }
        }

        var result = new List<ScoredMemory>(best.Count);
        while (best.Count > 0)
        {
            result.Add(best.Dequeue());
        }

        result.Reverse();
        return result;
    }

    /// <summary>Lowest score (then highest id) at the head, so the worst candidate is dropped first.
    /// Ties resolve by id ascending, the order PostgreSQL's exact path uses too.</summary>
    private sealed class WorstFirst : IComparer<(double Score, Guid Id)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((double Score, Guid Id) x, (double Score, Guid Id) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : y.Id.CompareTo(x.Id);
        }
    }
}
