namespace MemoryCore.Graph.Extraction.Heuristic;

/// <summary>Finds names ("Maria", "Dr Lee", "Anna Maria Silva") and relation nouns ("sister", "best friend") in tokens.</summary>
internal static class EntityPhrases
{
    private const int MaxNameWords = 3;

    /// <summary>How many words from <paramref name="start"/> form a capitalised name (0 when none).</summary>
    public static int NameLength(GraphTokens tokens, int start)
    {
        var length = 0;
        while (length < MaxNameWords && start + length < tokens.Count && IsNameWord(tokens.Original[start + length], tokens.Lower[start + length]))
        {
            length++;
        }

        return length;
    }

    /// <summary>True when a relation noun starts at <paramref name="start"/>: two-word roles first ("best friend").
    /// A possessive ("sister's") counts; <paramref name="possessive"/> says so.</summary>
    public static bool RoleAt(GraphTokens tokens, int start, out int length, out string role, out bool possessive)
    {
        for (length = 2; length >= 1; length--)
        {
            if (start + length > tokens.Count)
            {
                continue;
            }

            var last = tokens.Lower[start + length - 1];
            possessive = last.EndsWith("'s", StringComparison.Ordinal);
            var words = tokens.Lower.Skip(start).Take(length - 1).Append(possessive ? last[..^2] : last);
            role = RelationshipName.Normalize(string.Join('_', words));
            if (RoleLexicon.IsRole(role))
            {
                return true;
            }
        }

        length = 0;
        role = string.Empty;
        possessive = false;
        return false;
    }

    private static bool IsNameWord(string original, string lower) =>
        original.Length > 0
        && char.IsUpper(original[0])
        && original.All(c => char.IsLetter(c) || c is '-' or '.')
        && !GraphWords.NotNames.Contains(lower)
        && !RoleLexicon.IsRole(RelationshipName.Normalize(lower));
}
