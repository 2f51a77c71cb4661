using Npgsql;
using NpgsqlTypes;

namespace MemoryCore.Storage.Postgres;

/// <summary>API keys created at run time (see <see cref="IKeyRegistry"/>). A null tenant is the operator's view: the
/// <c>@tenant IS NULL OR</c> guard keeps one statement for both.</summary>
internal sealed partial class PostgresMemoryStore : IKeyRegistry
{
    private const string KeyColumns = "id, name, role, secret_sha256, created_at, rotated_at, revoked_at, tenant_id, allowed_user_ids, user_id_prefix";

    private const string InTenant = "(@tenant::text IS NULL OR tenant_id = @tenant::text)";

    private string Keys => $"{_sql.Schema}.api_keys";

    public async Task CreateKeyAsync(StoredApiKey key, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {Keys} (id, name, role, secret_sha256, created_at, tenant_id, allowed_user_ids, user_id_prefix) VALUES (@id, @name, @role, @digest, @at, @tenant, @users, @prefix)",
            connection);
        command.Parameters.AddWithValue("id", key.Id);
        command.Parameters.AddWithValue("name", key.Name);
        command.Parameters.AddWithValue("role", key.Role);
        command.Parameters.AddWithValue("digest", key.SecretSha256);
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = key.CreatedAt.UtcDateTime });
        command.Parameters.AddWithValue("tenant", key.Tenant);
        command.Parameters.Add(new NpgsqlParameter("users", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = (object?)key.AllowedUserIds?.ToArray() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("prefix", NpgsqlDbType.Text) { Value = (object?)key.UserIdPrefix ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredApiKey>> ListKeysAsync(string? tenant, CancellationToken cancellationToken) =>
        await ReadKeysAsync($"SELECT {KeyColumns} FROM {Keys} WHERE {InTenant} ORDER BY created_at, id", tenant, null, null, cancellationToken).ConfigureAwait(false);

    public async Task<StoredApiKey?> GetKeyAsync(string id, string? tenant, CancellationToken cancellationToken) =>
        (await ReadKeysAsync($"SELECT {KeyColumns} FROM {Keys} WHERE id = @id AND {InTenant}", tenant, id, null, cancellationToken).ConfigureAwait(false))
        .SingleOrDefault();

    public async Task<StoredApiKey?> FindActiveKeyAsync(string secretSha256, CancellationToken cancellationToken) =>
        (await ReadKeysAsync($"SELECT {KeyColumns} FROM {Keys} WHERE secret_sha256 = @digest AND revoked_at IS NULL", null, null, secretSha256, cancellationToken).ConfigureAwait(false))
        .SingleOrDefault();

    public Task<bool> RotateKeyAsync(string id, string? tenant, string newSecretSha256, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateKeyAsync($"UPDATE {Keys} SET secret_sha256 = @digest, rotated_at = @at WHERE id = @id AND {InTenant} AND revoked_at IS NULL", id, tenant, newSecretSha256, now, cancellationToken);

    public Task<bool> RevokeKeyAsync(string id, string? tenant, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateKeyAsync($"UPDATE {Keys} SET revoked_at = @at WHERE id = @id AND {InTenant} AND revoked_at IS NULL", id, tenant, null, now, cancellationToken);

    private async Task<bool> UpdateKeyAsync(string sql, string id, string? tenant, string? digest, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("digest", NpgsqlDbType.Text) { Value = (object?)digest ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = now.UtcDateTime });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task<List<StoredApiKey>> ReadKeysAsync(string sql, string? tenant, string? id, string? digest, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Text) { Value = (object?)id ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("digest", NpgsqlDbType.Text) { Value = (object?)digest ?? DBNull.Value });
        var keys = new List<StoredApiKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(new StoredApiKey(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero),
                reader.IsDBNull(5) ? null : new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero),
                reader.IsDBNull(6) ? null : new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<string[]>(8),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return keys;
    }
}
