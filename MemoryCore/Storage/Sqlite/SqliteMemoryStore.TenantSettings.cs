using MemoryCore.Categories;
using MemoryCore.Model;

namespace MemoryCore.Storage.Sqlite;

/// <summary>Each tenant's memory settings (see <see cref="ITenantSettingsStore"/>), one row per tenant.</summary>
internal sealed partial class SqliteMemoryStore : ITenantSettingsStore
{
    public async Task<TenantSettings> GetSettingsAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT custom_instructions, custom_categories, updated_at FROM tenant_settings WHERE tenant_id = @tenant";
        command.Parameters.AddWithValue("@tenant", tenant);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new TenantSettings(
                tenant,
                SqliteSql.NullableString(reader, 0),
                reader.IsDBNull(1) ? null : CategorySet.FromJson(reader.GetString(1)),
                Timestamps.FromUnixMicroseconds(reader.GetInt64(2)))
            : TenantSettings.None(tenant);
    }

    public async Task<TenantSettings> UpdateSettingsAsync(string tenant, TenantSettingsChange change, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            INSERT INTO tenant_settings (tenant_id, custom_instructions, custom_categories, updated_at) VALUES (@tenant, @instructions, @categories, @at)
            ON CONFLICT (tenant_id) DO UPDATE SET
                custom_instructions = CASE WHEN @set_instructions THEN excluded.custom_instructions ELSE tenant_settings.custom_instructions END,
                custom_categories = CASE WHEN @set_categories THEN excluded.custom_categories ELSE tenant_settings.custom_categories END,
                updated_at = excluded.updated_at
            RETURNING custom_instructions, custom_categories, updated_at
            """;
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@instructions", (object?)change.CustomInstructions ?? DBNull.Value);
        command.Parameters.AddWithValue("@categories", (object?)change.CustomCategories?.ToJson() ?? DBNull.Value);
        command.Parameters.AddWithValue("@set_instructions", change.SetInstructions);
        command.Parameters.AddWithValue("@set_categories", change.SetCategories);
        command.Parameters.AddWithValue("@at", Timestamps.ToUnixMicroseconds(at));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new TenantSettings(
            tenant,
            SqliteSql.NullableString(reader, 0),
            reader.IsDBNull(1) ? null : CategorySet.FromJson(reader.GetString(1)),
            Timestamps.FromUnixMicroseconds(reader.GetInt64(2)));
    }
}
