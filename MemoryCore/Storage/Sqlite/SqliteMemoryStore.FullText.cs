using MemoryCore.Filtering;
using MemoryCore.Model;

namespace MemoryCore.Storage.Sqlite;

/// <summary>Full-text search and batched reads (see <see cref="SqliteFullTextSearch"/>).</summary>
internal sealed partial class SqliteMemoryStore
{
    public async Task<IReadOnlyList<ScoredMemory>> SearchTextAsync(MemoryScope scope, IReadOnlyList<string> terms, MetadataFilter? filter, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await SqliteFullTextSearch.SearchAsync(connection, scope, terms, filter, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MemoryRecord>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await SqliteFullTextSearch.GetManyAsync(connection, ids, cancellationToken).ConfigureAwait(false);
    }
}
