using System.Diagnostics.CodeAnalysis;

namespace MemoryCore.Extraction.Heuristic;

/// <summary>
/// How an extracted fact asks for a memory to be removed: the statement to forget behind the prefix
/// <c>"Forget: "</c>, e.g. "Please forget that I live in Paris" is extracted as <c>"Forget: I live in Paris."</c>.
/// </summary>
/// <remarks>
/// Facts are plain strings in the <see cref="IFactExtractor"/> contract, so the request travels as text.
/// <see cref="HeuristicMemoryReconciler"/> turns it into DELETE (or NONE when nothing matches); it never stores it.
/// </remarks>
public static class DeletionRequest
{
    public const string Prefix = "Forget:";

    /// <summary>The fact that asks to forget <paramref name="statement"/>.</summary>
    public static string Create(string statement) => $"{Prefix} {statement.Trim()}";

    /// <summary>True when <paramref name="fact"/> is a deletion request; <paramref name="statement"/> is what to forget.</summary>
    public static bool TryParse(string fact, [NotNullWhen(true)] out string? statement)
    {
        var trimmed = fact.TrimStart();
        if (trimmed.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && trimmed.Length > Prefix.Length)
        {
            statement = trimmed[Prefix.Length..].Trim();
            return statement.Length > 0;
        }

        statement = null;
        return false;
    }
}
