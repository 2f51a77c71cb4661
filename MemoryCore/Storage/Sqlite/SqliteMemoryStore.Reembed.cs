using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>Re-embedding support (<see cref="IEmbeddingRewriter"/>).</summary>
internal sealed partial class SqliteMemoryStore : IEmbeddingRewriter
{
    public async Task<IReadOnlyList<EmbeddedText>> ReadTextsAsync(EmbeddedRows rows, string? afterId, int limit, CancellationToken cancellationToken)
    {
        var (table, text) = Columns(rows);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, {text} FROM {table} WHERE id > @after ORDER BY id LIMIT @limit";
        command.Parameters.AddWithValue("@after", afterId ?? string.Empty);
        command.Parameters.AddWithValue("@limit", limit);
        var texts = new List<EmbeddedText>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            texts.Add(new EmbeddedText(reader.GetString(0), reader.GetString(1)));
        }

        return texts;
    }

    public async Task WriteVectorsAsync(EmbeddedRows rows, IReadOnlyList<(EmbeddedText Row, ReadOnlyMemory<float> Vector)> vectors, CancellationToken cancellationToken)
    {
        var (table, text) = Columns(rows);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (row, vector) in vectors)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"UPDATE {table} SET embedding = @embedding WHERE id = @id AND {text} = @text";
            command.Parameters.AddWithValue("@embedding", SqliteSql.ToBlob(vector));
            command.Parameters.AddWithValue("@id", row.Id);
            command.Parameters.AddWithValue("@text", row.Text);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> RecordedModelAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadInfoAsync(connection, transaction, StoreInfo.ModelKey, cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordEmbedderAsync(EmbeddingIdentity identity, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await WriteInfoAsync(connection, transaction, StoreInfo.ModelKey, identity.Model, cancellationToken).ConfigureAwait(false);
        await WriteInfoAsync(connection, transaction, StoreInfo.DimensionsKey, identity.Dimensions.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static (string Table, string TextColumn) Columns(EmbeddedRows rows) =>
        rows == EmbeddedRows.Memories ? ("memories", "memory") : ("graph_nodes", "name");
}
