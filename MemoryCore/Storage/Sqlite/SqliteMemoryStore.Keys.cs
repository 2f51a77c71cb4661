using System.Text.Json;
using MemoryCore.Model;
using Microsoft.Data.Sqlite;

namespace MemoryCore.Storage.Sqlite;

/// <summary>API keys created at run time (see <see cref="IKeyRegistry"/>). A null tenant is the operator's view: the
/// <c>@tenant IS NULL OR</c> guard keeps one statement for both. Allowed user ids are a JSON array of strings.</summary>
internal sealed partial class SqliteMemoryStore : IKeyRegistry
{
    private const string KeyColumns = "id, name, role, secret_sha256, created_at, rotated_at, revoked_at, tenant_id, allowed_user_ids, user_id_prefix";

    private const string InTenant = "(@tenant IS NULL OR tenant_id = @tenant)";

    /// <summary>The keys table, and the tenant columns added in place (SQLite has no ADD COLUMN IF NOT EXISTS), so that a
    /// database from before tenants upgrades at start: its keys become the default tenant's, unrestricted.</summary>
    private static async Task ApplyKeySchemaAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, EmbeddedSql.Load("MemoryCore.Sqlite.apikeys.sql"), cancellationToken, transaction).ConfigureAwait(false);
        await SqliteColumns.EnsureAsync(connection, transaction, "api_keys", "tenant_id TEXT NOT NULL DEFAULT 'default'", cancellationToken).ConfigureAwait(false);
        await SqliteColumns.EnsureAsync(connection, transaction, "api_keys", "allowed_user_ids TEXT", cancellationToken).ConfigureAwait(false);
        await SqliteColumns.EnsureAsync(connection, transaction, "api_keys", "user_id_prefix TEXT", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "CREATE INDEX IF NOT EXISTS api_keys_tenant ON api_keys (tenant_id, created_at);", cancellationToken, transaction).ConfigureAwait(false);
    }

    public async Task CreateKeyAsync(StoredApiKey key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO api_keys (id, name, role, secret_sha256, created_at, tenant_id, allowed_user_ids, user_id_prefix) VALUES (@id, @name, @role, @digest, @at, @tenant, @users, @prefix)";
        command.Parameters.AddWithValue("@id", key.Id);
        command.Parameters.AddWithValue("@name", key.Name);
        command.Parameters.AddWithValue("@role", key.Role);
        command.Parameters.AddWithValue("@digest", key.SecretSha256);
        command.Parameters.AddWithValue("@at", Timestamps.ToUnixMicroseconds(key.CreatedAt));
        command.Parameters.AddWithValue("@tenant", key.Tenant);
        command.Parameters.AddWithValue("@users", key.AllowedUserIds is null ? DBNull.Value : JsonSerializer.Serialize(key.AllowedUserIds));
        command.Parameters.AddWithValue("@prefix", (object?)key.UserIdPrefix ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredApiKey>> ListKeysAsync(string? tenant, CancellationToken cancellationToken) =>
        await ReadKeysAsync($"SELECT {KeyColumns} FROM api_keys WHERE {InTenant} ORDER BY created_at, id", tenant, null, null, cancellationToken).ConfigureAwait(false);

    public async Task<StoredApiKey?> GetKeyAsync(string id, string? tenant, CancellationToken cancellationToken) =>
        (await ReadKeysAsync($"SELECT {KeyColumns} FROM api_keys WHERE id = @id AND {InTenant}", tenant, id, null, cancellationToken).ConfigureAwait(false))
        .SingleOrDefault();

    public async Task<StoredApiKey?> FindActiveKeyAsync(string secretSha256, CancellationToken cancellationToken) =>
        (await ReadKeysAsync($"SELECT {KeyColumns} FROM api_keys WHERE secret_sha256 = @digest AND revoked_at IS NULL", null, null, secretSha256, cancellationToken).ConfigureAwait(false))
        .SingleOrDefault();

    public Task<bool> RotateKeyAsync(string id, string? tenant, string newSecretSha256, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateKeyAsync($"UPDATE api_keys SET secret_sha256 = @digest, rotated_at = @at WHERE id = @id AND {InTenant} AND revoked_at IS NULL", id, tenant, newSecretSha256, now, cancellationToken);

    public Task<bool> RevokeKeyAsync(string id, string? tenant, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateKeyAsync($"UPDATE api_keys SET revoked_at = @at WHERE id = @id AND {InTenant} AND revoked_at IS NULL", id, tenant, null, now, cancellationToken);

    private async Task<bool> UpdateKeyAsync(string sql, string id, string? tenant, string? digest, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@tenant", (object?)tenant ?? DBNull.Value);
        command.Parameters.AddWithValue("@digest", (object?)digest ?? DBNull.Value);
        command.Parameters.AddWithValue("@at", Timestamps.ToUnixMicroseconds(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task<List<StoredApiKey>> ReadKeysAsync(string sql, string? tenant, string? id, string? digest, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@tenant", (object?)tenant ?? DBNull.Value);
        command.Parameters.AddWithValue("@id", (object?)id ?? DBNull.Value);
        command.Parameters.AddWithValue("@digest", (object?)digest ?? DBNull.Value);
        var keys = new List<StoredApiKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(new StoredApiKey(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                Timestamps.FromUnixMicroseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : Timestamps.FromUnixMicroseconds(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : Timestamps.FromUnixMicroseconds(reader.GetInt64(6)),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : JsonSerializer.Deserialize<string[]>(reader.GetString(8)),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return keys;
    }
}
