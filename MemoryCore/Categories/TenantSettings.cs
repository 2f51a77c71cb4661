namespace MemoryCore.Categories;

/// <summary>A tenant's memory settings, as Mem0's project settings hold them: extraction instructions and the category
/// set its memories are tagged from (null: Mem0's defaults). <paramref name="UpdatedAt"/> is null for a tenant that
/// never saved any.</summary>
public sealed record TenantSettings(string Tenant, string? CustomInstructions, CategorySet? CustomCategories, DateTimeOffset? UpdatedAt)
{
    public static TenantSettings None(string tenant) => new(tenant, null, null, null);
}

/// <summary>Durable per-tenant settings (both stores keep them in <c>tenant_settings</c>).</summary>
public interface ITenantSettingsStore
{
    /// <summary>The tenant's settings; <see cref="TenantSettings.None"/> when it never saved any.</summary>
    Task<TenantSettings> GetSettingsAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>Replaces the tenant's settings with <paramref name="settings"/> (the caller merged any partial update).</summary>
    Task SaveSettingsAsync(TenantSettings settings, CancellationToken cancellationToken);
}
