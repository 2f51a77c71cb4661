using System.Text.RegularExpressions;

namespace MemoryCore.Extraction.Heuristic;

/// <summary>The output form of an extracted fact: the user's words, trimmed, capitalised, ending in one period.</summary>
internal static partial class FactText
{
    private static readonly char[] Closing = ['.', '!', '?', '…', ',', ';', ':', ' ', '\t', '-', '–', '—'];

    public static string Normalize(string clause)
    {
        var text = Whitespace().Replace(clause, " ").Trim().TrimStart(',', ';', ':', '-', '–', '—', ' ').TrimEnd(Closing);
        text = TrailingChatter().Replace(text, string.Empty).TrimEnd(Closing);
        if (text.Length == 0)
        {
            return text;
        }

        // Only the first letter changes: "i live in lisbon" -> "I live in lisbon." keeps the rest as typed.
        return char.ToUpperInvariant(text[0]) + text[1..] + ".";
    }

    // "I'd prefer short answers please", "My boss is a nightmare lol": the tail is addressed to the chat, not part of the fact.
    [GeneratedRegex(@"(?:[,\s]+(?:please|lol|haha+|lmao|rofl))+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TrailingChatter();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
