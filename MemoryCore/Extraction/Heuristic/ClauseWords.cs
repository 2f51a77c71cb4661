namespace MemoryCore.Extraction.Heuristic;

/// <summary>
/// The words of a sentence or clause with edge punctuation removed, in original case and in lower case with
/// typographic apostrophes folded to ASCII ("I’m" -> "i'm"), so that word lists need only one spelling.
/// </summary>
internal sealed class ClauseWords
{
    private static readonly char[] EdgePunctuation = ['.', ',', '!', '?', ';', ':', '"', '(', ')', '[', ']', '…', '“', '”', '-', '–', '—', '*', '_'];

    private ClauseWords(List<string> original)
    {
        Original = original;
        Lower = original.ConvertAll(w => w.ToLowerInvariant());
    }

    public IReadOnlyList<string> Original { get; }

    public IReadOnlyList<string> Lower { get; }

    public int Count => Original.Count;

    public string First => Count > 0 ? Lower[0] : string.Empty;

    public static ClauseWords Of(string text)
    {
        var words = new List<string>();
        foreach (var raw in text.Replace('’', '\'').Replace('‘', '\'').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = raw.Trim(EdgePunctuation).Trim('\'');
            if (word.Length > 0)
            {
                words.Add(word);
            }
        }

        return new ClauseWords(words);
    }

    public bool Contains(IReadOnlySet<string> set) => Lower.Any(set.Contains);
}
