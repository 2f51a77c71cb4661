using Npgsql;
using NpgsqlTypes;

namespace MemoryCore.Storage.Postgres;

/// <summary>API keys created at run time (see <see cref="IKeyRegistry"/>).</summary>
internal sealed partial class PostgresMemoryStore : IKeyRegistry
{
    private const string KeyColumns = "id, name, role, secret_sha256, created_at, rotated_at, revoked_at";

    private string Keys => $"{_sql.Schema}.api_keys";

    public async Task CreateKeyAsync(StoredApiKey key, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {Keys} (id, name, role, secret_sha256, created_at) VALUES (@id, @name, @role, @digest, @at)", connection);
        command.Parameters.AddWithValue("id", key.Id);
        command.Parameters.AddWithValue("name", key.Name);
        command.Parameters.AddWithValue("role", key.Role);
        command.Parameters.AddWithValue("digest", key.SecretSha256);
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = key.CreatedAt.UtcDateTime });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredApiKey>> ListKeysAsync(CancellationToken cancellationToken) =>
        await ReadKeysAsync($"SELECT {KeyColumns} FROM {Keys} ORDER BY created_at, id", null, cancellationToken).ConfigureAwait(false);

    public async Task<StoredApiKey?> FindActiveKeyAsync(string secretSha256, CancellationToken cancellationToken) =>
        (await ReadKeysAsync($"SELECT {KeyColumns} FROM {Keys} WHERE secret_sha256 = @digest AND revoked_at IS NULL", secretSha256, cancellationToken).ConfigureAwait(false))
        .SingleOrDefault();

    public Task<bool> RotateKeyAsync(string id, string newSecretSha256, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateKeyAsync($"UPDATE {Keys} SET secret_sha256 = @digest, rotated_at = @at WHERE id = @id AND revoked_at IS NULL", id, newSecretSha256, now, cancellationToken);

    public Task<bool> RevokeKeyAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateKeyAsync($"UPDATE {Keys} SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL", id, null, now, cancellationToken);

    private async Task<bool> UpdateKeyAsync(string sql, string id, string? digest, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter("digest", NpgsqlDbType.Text) { Value = (object?)digest ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = now.UtcDateTime });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task<List<StoredApiKey>> ReadKeysAsync(string sql, string? digest, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter("digest", NpgsqlDbType.Text) { Value = (object?)digest ?? DBNull.Value });
        var keys = new List<StoredApiKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(new StoredApiKey(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero),
                reader.IsDBNull(5) ? null : new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero),
                reader.IsDBNull(6) ? null : new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero)));
        }

        return keys;
    }
}
