namespace MemoryCore.Model;

/// <summary>One message of a conversation handed to <c>add</c>.</summary>
public sealed record ChatTurn(string Role, string Content, string? Name = null)
{
    public bool IsUser => Role.Equals("user", StringComparison.OrdinalIgnoreCase);

    public bool IsAssistant => Role.Equals("assistant", StringComparison.OrdinalIgnoreCase);

    public bool IsSystem => Role.Equals("system", StringComparison.OrdinalIgnoreCase);
}
