namespace MemoryCore.Model;

/// <summary>A raw conversation turn as MemoryApi received it, kept for distillation; <see cref="Seq"/> grows with every turn stored.</summary>
public sealed record ConversationTurn(long Seq, string Role, string Content, DateTimeOffset CreatedAt, string? UserId, string? AgentId, string? RunId, string? AppId = null);

/// <summary>A person (and agent) of <paramref name="Tenant"/> with turns newer than a checkpoint; <see cref="LastSeq"/> is their newest.</summary>
public sealed record TurnScope(string UserId, string? AgentId, long LastSeq, string Tenant = MemoryScope.DefaultTenant);

/// <summary>Raw turns appended to a scope in the same transaction as the memories they produced.</summary>
public sealed record AppendTurns(IReadOnlyList<ChatTurn> Turns, DateTimeOffset At) : MemoryChange(Guid.Empty);
