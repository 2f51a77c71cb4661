using System.Text.Json.Serialization;
using MemoryApi.Apis;

namespace MemoryApi.Mcp;

// Result shapes of the MCP tools that have no single HTTP response to reuse. Snake_case, like the HTTP API.

/// <summary>add_memory: <c>SUCCEEDED</c> with what changed, or <c>PENDING</c> with the event to follow (async_mode).</summary>
public sealed record McpAddOutcome(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AddResultItem>? Results,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AddRelations? Relations,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? EventId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message);

/// <summary>One user, agent or run id that owns memories in the caller's tenant.</summary>
public sealed record McpEntity(string Type, string Name, int TotalMemories, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static McpEntity From(MemoryCore.Model.EntitySummary e) => new(e.Type, e.Name, e.TotalMemories, e.CreatedAt, e.UpdatedAt);
}

/// <summary>One message of a conversation given to add_memory.</summary>
public sealed record McpMessage(
    [property: System.ComponentModel.Description("user, assistant or system (system messages are not remembered).")] string Role,
    [property: System.ComponentModel.Description("What was said.")] string Content);
