using MemoryCore.Model;

namespace MemoryCore.Storage.Sqlite;

/// <summary>API keys created at run time (see <see cref="IKeyRegistry"/>).</summary>
internal sealed partial class SqliteMemoryStore : IKeyRegistry
{
    private const string KeyColumns = "id, name, role, secret_sha256, created_at, rotated_at, revoked_at";

    public async Task CreateKeyAsync(StoredApiKey key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO api_keys (id, name, role, secret_sha256, created_at) VALUES (@id, @name, @role, @digest, @at)";
        command.Parameters.AddWithValue("@id", key.Id);
        command.Parameters.AddWithValue("@name", key.Name);
        command.Parameters.AddWithValue("@role", key.Role);
        command.Parameters.AddWithValue("@digest", key.SecretSha256);
        command.Parameters.AddWithValue("@at", Timestamps.ToUnixMicroseconds(key.CreatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredApiKey>> ListKeysAsync(CancellationToken cancellationToken) =>
        await ReadKeysAsync($"SELECT {KeyColumns} FROM api_keys ORDER BY created_at, id", null, cancellationToken).ConfigureAwait(false);

    public async Task<StoredApiKey?> FindActiveKeyAsync(string secretSha256, CancellationToken cancellationToken) =>
        (await ReadKeysAsync($"SELECT {KeyColumns} FROM api_keys WHERE secret_sha256 = @digest AND revoked_at IS NULL", secretSha256, cancellationToken).ConfigureAwait(false))
        .SingleOrDefault();

    public Task<bool> RotateKeyAsync(string id, string newSecretSha256, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateKeyAsync("UPDATE api_keys SET secret_sha256 = @digest, rotated_at = @at WHERE id = @id AND revoked_at IS NULL", id, newSecretSha256, now, cancellationToken);

    public Task<bool> RevokeKeyAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateKeyAsync("UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL", id, null, now, cancellationToken);

    private async Task<bool> UpdateKeyAsync(string sql, string id, string? digest, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@digest", (object?)digest ?? DBNull.Value);
        command.Parameters.AddWithValue("@at", Timestamps.ToUnixMicroseconds(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task<List<StoredApiKey>> ReadKeysAsync(string sql, string? digest, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@digest", (object?)digest ?? DBNull.Value);
        var keys = new List<StoredApiKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(new StoredApiKey(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                Timestamps.FromUnixMicroseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : Timestamps.FromUnixMicroseconds(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : Timestamps.FromUnixMicroseconds(reader.GetInt64(6))));
        }

        return keys;
    }
}
