namespace MemoryCore.Model;

/// <summary>
/// Who a memory belongs to. At least one identifier is always present.
/// </summary>
/// <remarks>
/// Writes use the scope as an exact tuple: a memory written for (user "ana") is a different
/// scope from one written for (user "ana", run "r1"), and reconciliation only compares
/// memories of the same tuple. Reads treat a missing identifier as "any": searching
/// (user "ana") also sees ana's run-scoped memories, as Mem0 does.
/// </remarks>
public sealed record MemoryScope
{
    public const int MaxIdLength = 256;

    public string? UserId { get; }
    public string? AgentId { get; }
    public string? RunId { get; }

    private MemoryScope(string? userId, string? agentId, string? runId)
    {
        UserId = userId;
        AgentId = agentId;
        RunId = runId;
    }

    /// <summary>Validates and builds a scope; throws <see cref="MemoryValidationException"/> when no id is given or one is malformed.</summary>
    public static MemoryScope Create(string? userId, string? agentId, string? runId)
    {
        userId = Normalize(userId, "user_id");
        agentId = Normalize(agentId, "agent_id");
        runId = Normalize(runId, "run_id");
        if (userId is null && agentId is null && runId is null)
        {
            throw new MemoryValidationException(
                ValidationFailure.MissingScope,
                "At least one of user_id, agent_id or run_id is required.");
        }

        return new MemoryScope(userId, agentId, runId);
    }

    /// <summary>A stable key for the exact tuple, used for per-scope write locks.</summary>
    public string LockKey => $"u:{UserId?.Length ?? -1}:{UserId}|a:{AgentId?.Length ?? -1}:{AgentId}|r:{RunId?.Length ?? -1}:{RunId}";

    public override string ToString() => $"user_id={UserId ?? "-"}, agent_id={AgentId ?? "-"}, run_id={RunId ?? "-"}";

    private static string? Normalize(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, $"{name} must not be empty or blank.");
        }

        if (value.Length > MaxIdLength)
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, $"{name} must be at most {MaxIdLength} characters.");
        }

        if (value.Any(char.IsControl))
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, $"{name} must not contain control characters.");
        }

        StorableText.Check(value, name);

        return value;
    }
}
