using System.Runtime.InteropServices;
using MemoryCore.Filtering;
using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>
/// Exact top-k by cosine similarity over a scope. Two phases: score every row from its id, vector (and,
/// only when filtering, metadata), keeping the best k; then read the k full records in one query.
/// </summary>
internal static class SqliteVectorScan
{
    /// <param name="where">A scope clause whose parameters are already on <paramref name="command"/>.</param>
    public static async Task<IReadOnlyList<ScoredMemory>> TopAsync(
        SqliteConnection connection, SqliteCommand command, string where, ReadOnlyMemory<float> query, MetadataFilter? filter, int limit, CancellationToken cancellationToken)
    {
        command.CommandText = filter is null
            ? $"SELECT id, embedding FROM memories WHERE {where}"
            : $"SELECT id, embedding, metadata FROM memories WHERE {where}";
        var best = new PriorityQueue<(Guid Id, double Score), (double Score, Guid Id)>(limit + 1, WorstFirst.Instance);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (filter is not null && !MetadataFilterEvaluator.Matches(filter, MetadataJson.Parse(reader.GetString(2))))
                {
                    continue;
                }

                var id = Guid.Parse(reader.GetString(0));
                var score = VectorMath.Similarity(query.Span, MemoryMarshal.Cast<byte, float>((byte[])reader.GetValue(1)));
                best.Enqueue((id, score), (score, id));
                if (best.Count > limit)
                {
                    best.Dequeue();
                }
            }
        }

        var ranked = new List<(Guid Id, double Score)>(best.Count);
        while (best.Count > 0)
        {
            ranked.Add(best.Dequeue());
        }

        ranked.Reverse();
        // One read of the k records, on the same connection: a row deleted in between is simply left out.
        var records = (await SqliteFullTextSearch.GetManyAsync(connection, ranked.ConvertAll(r => r.Id), cancellationToken).ConfigureAwait(false))
            .ToDictionary(r => r.Id);
        var results = new List<ScoredMemory>(ranked.Count);
        foreach (var (id, score) in ranked)
        {
            if (records.TryGetValue(id, out var record))
            {
                results.Add(new ScoredMemory(record, score));
            }
        }

        return results;
    }

    /// <summary>For each vector, the exact top <paramref name="limit"/> of the scope, from one scan of it and one read of the records.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<ScoredMemory>>> TopManyAsync(
        SqliteConnection connection, SqliteCommand command, string where, IReadOnlyList<ReadOnlyMemory<float>> vectors, int limit, CancellationToken cancellationToken)
    {
        command.CommandText = $"SELECT id, embedding FROM memories WHERE {where}";
        var best = vectors.Select(_ => new PriorityQueue<(Guid Id, double Score), (double Score, Guid Id)>(limit + 1, WorstFirst.Instance)).ToArray();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = Guid.Parse(reader.GetString(0));
                var embedding = (byte[])reader.GetValue(1);
                for (var i = 0; i < vectors.Count; i++)
                {
                    var score = VectorMath.Similarity(vectors[i].Span, MemoryMarshal.Cast<byte, float>(embedding));
                    best[i].Enqueue((id, score), (score, id));
                    if (best[i].Count > limit)
                    {
                        best[i].Dequeue();
                    }
                }
            }
        }

        var ranked = best.Select(queue =>
        {
            var list = new List<(Guid Id, double Score)>(queue.Count);
            while (queue.Count > 0)
            {
                list.Add(queue.Dequeue());
            }

            list.Reverse();
            return list;
        }).ToList();
        var ids = ranked.SelectMany(r => r.Select(x => x.Id)).Distinct().ToList();
        var records = (await SqliteFullTextSearch.GetManyAsync(connection, ids, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Id);
        return ranked.ConvertAll(list => (IReadOnlyList<ScoredMemory>)list
            .Where(r => records.ContainsKey(r.Id)).Select(r => new ScoredMemory(records[r.Id], r.Score)).ToList());
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
