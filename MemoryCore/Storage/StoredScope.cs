using MemoryCore.Model;

namespace MemoryCore.Storage;

/// <summary>The scope a stored row names in its tenant_id, user_id, agent_id, run_id and app_id columns.</summary>
internal static class StoredScope
{
    /// <summary>Null for a row that names no id (history rows of a memory always name one; the check is for safety).</summary>
    public static MemoryScope? Of(string tenant, string? userId, string? agentId, string? runId, string? appId = null) =>
        userId is null && agentId is null && runId is null && appId is null ? null : MemoryScope.Create(userId, agentId, runId, tenant, appId);
}
