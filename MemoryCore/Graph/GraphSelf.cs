using System.Text.RegularExpressions;
using MemoryCore.Model;

namespace MemoryCore.Graph;

/// <summary>
/// How extractors refer to the user, and how those references become nodes. "I", "me", "my" are written as
/// <see cref="Token"/> and resolve to the scope's self node, named after the scope's user_id (as Mem0 uses the
/// user id as the source of self-references). A relative without a name ("my sister lives in Oslo") is written
/// "USER's sister" and resolves to whoever the user's sister edge already points to, else to a placeholder node.
/// </summary>
public static partial class GraphSelf
{
    public const string Token = "USER";

    private static readonly HashSet<string> SelfWords = new(StringComparer.OrdinalIgnoreCase)
    {
        Token, "I", "me", "my", "myself", "mine", "i'm", "im", "the user", "user",
    };

    /// <summary>The self node's name: the user id, or "user" in a scope without one (agent or run only).</summary>
    public static string NodeName(MemoryScope scope) => scope.UserId ?? "user";

    public static bool IsSelf(string name) => SelfWords.Contains(name.Trim());

    public static string RoleOf(string relationship) => $"{Token}'s {relationship}";

    /// <summary>True for "USER's sister" (any case, also "my sister"): <paramref name="relationship"/> is then "sister".</summary>
    public static bool TryParseRole(string name, out string relationship)
    {
        var match = RoleReference().Match(name.Trim());
        relationship = match.Success ? RelationshipName.Normalize(match.Groups["role"].Value) : string.Empty;

        // "USER's X" is always a role; "my X" only for a known relation noun ("My Chemical Romance" is a band).
        var explicitUser = match.Success && !name.TrimStart().StartsWith("my ", StringComparison.OrdinalIgnoreCase);
        return relationship.Length > 0 && (explicitUser || RoleLexicon.IsRole(relationship));
    }

    /// <summary>The placeholder node's display name for an unnamed relative: "ana's sister".</summary>
    public static string PlaceholderName(MemoryScope scope, string relationship) => $"{NodeName(scope)}'s {relationship.Replace('_', ' ')}";

    [GeneratedRegex(@"^(?:USER's|USER’s|user's|my|the user's)\s+(?<role>[\p{L}_ -]{1,40})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RoleReference();
}
