using MemoryCore.Filtering;
using MemoryCore.Model;

namespace MemoryCore.Storage.Postgres;

/// <summary>Full-text search and batched reads (see <see cref="PostgresFullTextSearch"/>).</summary>
internal sealed partial class PostgresMemoryStore
{
    public async Task<IReadOnlyList<ScoredMemory>> SearchTextAsync(MemoryScope scope, IReadOnlyList<string> terms, MetadataFilter? filter, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await new PostgresFullTextSearch(_sql).SearchAsync(connection, scope, terms, filter, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MemoryRecord>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await new PostgresFullTextSearch(_sql).GetManyAsync(connection, ids, cancellationToken).ConfigureAwait(false);
    }
}
