using System.Text.RegularExpressions;

namespace MemoryCore.Extraction.Heuristic;

/// <summary>
/// Splits a sentence into separate first-person facts at "and I" / "but I" / ", I":
/// "I'm Ana and I live in Lisbon" -> "I'm Ana", "I live in Lisbon". One fact per clause lets the reconciler
/// update "where I live" without touching "my name".
/// </summary>
/// <remarks>
/// A split only happens when the left part is a complete statement of its own (it starts with I/my/our and
/// has a verb), so "My sister and I live in Oslo" stays whole.
/// </remarks>
internal static partial class ClauseSplitter
{
    public static IEnumerable<string> Split(string sentence)
    {
        var start = 0;
        foreach (Match joint in Joint().Matches(sentence))
        {
            var left = sentence[start..joint.Index];
            if (IsCompleteStatement(left))
            {
                yield return left.Trim();
                start = joint.Index + joint.Length;
            }
        }

        yield return sentence[start..].Trim();
    }

    private static bool IsCompleteStatement(string clause)
    {
        var words = ClauseWords.Of(clause);
        if (words.Count < 2)
        {
            return false;
        }

        return words.First is "i" or "i'm" or "im" or "i've" or "i'd" or "i'll"
            || (words.First is "my" or "our" or "we" && StatementClassifier.HasVerb(words, 1));
    }

    // The conjunction is consumed; the "I" that follows starts the next clause.
    [GeneratedRegex(@"\s*(?:,\s*(?:and|but)|\s(?:and|but)|,)\s+(?=i(?:\s|'|’|m\s))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Joint();
}
