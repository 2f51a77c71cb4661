using System.Globalization;
using Npgsql;
using Pgvector;

namespace MemoryCore.Storage.Postgres;

/// <summary>Re-embedding support (<see cref="IEmbeddingRewriter"/>).</summary>
internal sealed partial class PostgresMemoryStore : IEmbeddingRewriter
{
    public async Task<IReadOnlyList<EmbeddedText>> ReadTextsAsync(EmbeddedRows rows, string? afterId, int limit, CancellationToken cancellationToken)
    {
        var (table, text) = Columns(rows);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT id, {text} FROM {table} WHERE @after::uuid IS NULL OR id > @after::uuid ORDER BY id LIMIT @limit", connection);
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = afterId is null ? DBNull.Value : Guid.Parse(afterId) });
        command.Parameters.AddWithValue("limit", limit);
        var texts = new List<EmbeddedText>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            texts.Add(new EmbeddedText(reader.GetGuid(0).ToString(), reader.GetString(1)));
        }

        return texts;
    }

    public async Task WriteVectorsAsync(EmbeddedRows rows, IReadOnlyList<(EmbeddedText Row, ReadOnlyMemory<float> Vector)> vectors, CancellationToken cancellationToken)
    {
        var (table, text) = Columns(rows);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (row, vector) in vectors)
        {
            await using var command = new NpgsqlCommand($"UPDATE {table} SET embedding = @embedding WHERE id = @id AND {text} = @text", connection, transaction);
            command.Parameters.Add(new NpgsqlParameter("embedding", new Vector(vector)));
            command.Parameters.AddWithValue("id", Guid.Parse(row.Id));
            command.Parameters.AddWithValue("text", row.Text);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> RecordedModelAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await PostgresSchema.ReadInfoAsync(connection, _sql, StoreInfo.ModelKey, cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordEmbedderAsync(EmbeddingIdentity identity, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await PostgresSchema.WriteInfoAsync(connection, _sql, StoreInfo.ModelKey, identity.Model, cancellationToken).ConfigureAwait(false);
        await PostgresSchema.WriteInfoAsync(connection, _sql, StoreInfo.DimensionsKey, identity.Dimensions.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private (string Table, string TextColumn) Columns(EmbeddedRows rows) =>
        rows == EmbeddedRows.Memories ? (_sql.Memories, "memory") : ($"{_sql.Schema}.graph_nodes", "name");
}
