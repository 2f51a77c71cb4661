using MemoryCore.Filtering;
using MemoryCore.Model;

namespace MemoryCore.Storage.Postgres;

/// <summary>Full-text search and batched reads (see <see cref="PostgresFullTextSearch"/>).</summary>
internal sealed partial class PostgresMemoryStore
{
    /// <summary>One per store: it holds the large scopes' statistics it reuses.</summary>
    private readonly PostgresFullTextSearch _fullText;

    /// <summary>The full-text statement (for the floor benchmark, which must share what the store remembers).</summary>
    internal PostgresFullTextSearch FullTextSearch => _fullText;

    public async Task<IReadOnlyList<ScoredMemory>> SearchTextAsync(MemoryScope scope, IReadOnlyList<string> terms, MetadataFilter? filter, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await _fullText.SearchAsync(connection, scope, terms, filter, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MemoryRecord>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await _fullText.GetManyAsync(connection, ids, cancellationToken).ConfigureAwait(false);
    }
}
