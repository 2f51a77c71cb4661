using System.Text.RegularExpressions;

namespace DistillationWorker.Distillers.Heuristic;

/// <summary>Lower-cased words: runs of letters, with one inner apostrophe kept ("don't") so negations stay recognisable.</summary>
public static partial class WordTokenizer
{
    public static IReadOnlyList<string> Words(string text)
    {
        var normalized = text.Replace('\u2019', '\''); // typographic apostrophe, as phones type it
        return WordPattern().Matches(normalized).Select(m => m.Value.ToLowerInvariant()).ToList();
    }

    [GeneratedRegex(@"\p{L}+(?:'\p{L}+)?", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}
