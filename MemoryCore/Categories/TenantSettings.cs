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

    /// <summary>Changes the fields <paramref name="change"/> names, keeping the others, in one statement (two admins
    /// changing different fields at once both keep their change), and answers the settings as now stored.</summary>
    Task<TenantSettings> UpdateSettingsAsync(string tenant, TenantSettingsChange change, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>A partial update of a tenant's settings: a field is changed only when its <c>Set…</c> flag is true (then null
/// clears it: no instructions, or Mem0's default categories).</summary>
public sealed record TenantSettingsChange(bool SetInstructions, string? CustomInstructions, bool SetCategories, CategorySet? CustomCategories);
