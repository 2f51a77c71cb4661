using System.Collections.Frozen;
using System.Text;

namespace MemoryCore.Retrieval;

/// <summary>
/// Turns free text into the terms a full-text search looks for, identically for both stores: words are
/// runs of letters and digits (everything else, apostrophes and hyphens included, separates words),
/// lower-cased, without English stop words, deduplicated, at most <see cref="MaxTerms"/>.
/// </summary>
/// <remarks>
/// The terms are then ORed: a memory matches when it contains any of them, and ranking (BM25) favours
/// memories holding more, and rarer, terms. Because a term holds only letters and digits, no user input
/// can reach a store as query syntax: FTS5's AND/OR/NOT/NEAR, quotes, '*', '^', ':' and parentheses, and
/// tsquery's operators, are all separators here. Stemming is left to each store's tokenizer
/// (Snowball English in PostgreSQL, Porter in SQLite), which stems the memories the same way.
/// </remarks>
public static class FullTextQuery
{
    public const int MaxTerms = 64;

    /// <summary>PostgreSQL's english.stop list, so that both stores ignore the same words.</summary>
    public static readonly FrozenSet<string> StopWords = FrozenSet.ToFrozenSet(
        """
        i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
        herself it its itself they them their theirs themselves what which who whom this that these those am is are
        was were be been being have has had having do does did doing a an the and but if or because as until while
        of at by for with about against between into through during before after above below to from up down in out
        on off over under again further then once here there when where why how all any both each few more most other
        some such no nor not only own same so than too very s t can will just don should now
        """.Split((char[])[' ', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    public static IReadOnlyList<string> Terms(string text)
    {
        var terms = new List<string>();
        var current = new StringBuilder();
        // No Unicode normalisation: neither store normalises the memories it indexes.
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                current.Append(Rune.ToLowerInvariant(rune).ToString());
            }
            else if (current.Length > 0)
            {
                Add(terms, current);
            }
        }

        Add(terms, current);
        return terms;
    }

    private static void Add(List<string> terms, StringBuilder current)
    {
        var word = current.ToString();
        current.Clear();
        if (word.Length > 0 && terms.Count < MaxTerms && !StopWords.Contains(word) && !terms.Contains(word, StringComparer.Ordinal))
        {
            terms.Add(word);
        }
    }

    /// <summary>An FTS5 MATCH expression: every term as a quoted string, ORed.</summary>
    public static string ToFts5(IReadOnlyList<string> terms) =>
        string.Join(" OR ", terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
}
