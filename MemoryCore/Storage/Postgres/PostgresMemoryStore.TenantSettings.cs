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

    public async Task<TenantSettings> UpdateSettingsAsync(string tenant, TenantSettingsChange change, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {TenantSettingsTable} AS t (tenant_id, custom_instructions, custom_categories, updated_at) VALUES (@tenant, @instructions, @categories, @at)
            ON CONFLICT (tenant_id) DO UPDATE SET
                custom_instructions = CASE WHEN @set_instructions THEN EXCLUDED.custom_instructions ELSE t.custom_instructions END,
                custom_categories = CASE WHEN @set_categories THEN EXCLUDED.custom_categories ELSE t.custom_categories END,
                updated_at = EXCLUDED.updated_at
            RETURNING custom_instructions, custom_categories::text, updated_at
            """,
            connection);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.Add(new NpgsqlParameter("instructions", NpgsqlDbType.Text) { Value = (object?)change.CustomInstructions ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("categories", NpgsqlDbType.Jsonb) { Value = (object?)change.CustomCategories?.ToJson() ?? DBNull.Value });
        command.Parameters.AddWithValue("set_instructions", change.SetInstructions);
        command.Parameters.AddWithValue("set_categories", change.SetCategories);
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = at.UtcDateTime });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new TenantSettings(
            tenant,
            PostgresSql.NullableString(reader, 0),
            reader.IsDBNull(1) ? null : CategorySet.FromJson(reader.GetString(1)),
            new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero));
    }
}
