using MemoryCore.Categories;
using Npgsql;
using NpgsqlTypes;

namespace MemoryCore.Storage.Postgres;

/// <summary>Each tenant's memory settings (see <see cref="ITenantSettingsStore"/>), one row per tenant.</summary>
internal sealed partial class PostgresMemoryStore : ITenantSettingsStore
{
    private string TenantSettingsTable => $"{_sql.Schema}.tenant_settings";

    public async Task<TenantSettings> GetSettingsAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT custom_instructions, custom_categories::text, updated_at FROM {TenantSettingsTable} WHERE tenant_id = @tenant", connection);
        command.Parameters.AddWithValue("tenant", tenant);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new TenantSettings(
                tenant,
                PostgresSql.NullableString(reader, 0),
                reader.IsDBNull(1) ? null : CategorySet.FromJson(reader.GetString(1)),
                new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero))
            : TenantSettings.None(tenant);
    }

    public async Task SaveSettingsAsync(TenantSettings settings, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {TenantSettingsTable} (tenant_id, custom_instructions, custom_categories, updated_at) VALUES (@tenant, @instructions, @categories, @at)
            ON CONFLICT (tenant_id) DO UPDATE SET custom_instructions = EXCLUDED.custom_instructions, custom_categories = EXCLUDED.custom_categories, updated_at = EXCLUDED.updated_at
            """,
            connection);
        command.Parameters.AddWithValue("tenant", settings.Tenant);
        command.Parameters.Add(new NpgsqlParameter("instructions", NpgsqlDbType.Text) { Value = (object?)settings.CustomInstructions ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("categories", NpgsqlDbType.Jsonb) { Value = (object?)settings.CustomCategories?.ToJson() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = (settings.UpdatedAt ?? _clock.GetUtcNow()).UtcDateTime });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
