using System.Globalization;
using System.Text.RegularExpressions;
using MemoryCore.Model;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MemoryCore.Storage.Postgres;

internal sealed partial class PostgresMemoryStore
{
    private PostgresBulkImport? _bulk;

    public async Task<IReadOnlySet<Guid>> ImportAsync(IReadOnlyList<InsertMemory> memories, CancellationToken cancellationToken)
    {
        _bulk ??= new PostgresBulkImport(_sql, _embedding.Dimensions);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await _bulk.ImportAsync(connection, memories, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlySet<int>> FindStoredAsync(IReadOnlyList<MemoryRecord> memories, CancellationToken cancellationToken)
    {
        _bulk ??= new PostgresBulkImport(_sql, _embedding.Dimensions);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await _bulk.FindStoredAsync(connection, memories, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IAsyncDisposable> SuspendVectorIndexAsync(CancellationToken cancellationToken)
    {
        if (_embedding.Dimensions > 2000)
        {
            return NoVectorIndex.Instance; // no HNSW index at these dimensions (see PostgresSchema)
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DROP INDEX IF EXISTS {_sql.Schema}.memories_embedding_hnsw_idx", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        _logger.LogWarning("HNSW index of {Schema} dropped for a bulk load; it is built again when the load ends (or at the next start)", _sql.Schema);
        return new IndexRebuild(this);
    }

    /// <summary>Builds the HNSW index with the configured memory and workers; the index SQL is the schema's own.</summary>
    internal async Task BuildVectorIndexAsync(CancellationToken cancellationToken)
    {
        var memory = ValidMemorySetting(_options.IndexBuildMemory);
        var workers = Math.Clamp(_options.IndexBuildWorkers, 0, 64).ToString(CultureInfo.InvariantCulture);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SET maintenance_work_mem = '{memory}'; SET max_parallel_maintenance_workers = {workers}; " +
            EmbeddedSql.Load("MemoryCore.Postgres.hnsw.sql").Replace("{schema}", _sql.Schema, StringComparison.Ordinal),
            connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string ValidMemorySetting(string value) =>
        MemorySetting().IsMatch(value) ? value : throw new StoreConfigurationException($"Store:IndexBuildMemory '{value}' is not a size such as 512MB or 2GB.");

    [GeneratedRegex("^[0-9]{1,7}(kB|MB|GB)$")]
    private static partial Regex MemorySetting();

    private sealed class IndexRebuild(PostgresMemoryStore store) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await store.BuildVectorIndexAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
