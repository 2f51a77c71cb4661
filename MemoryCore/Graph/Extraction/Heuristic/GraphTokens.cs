using MemoryCore.Extraction.Heuristic;

namespace MemoryCore.Graph.Extraction.Heuristic;

/// <summary>
/// The words of one clause with English contractions expanded ("I'm" -> "I am", "doesn't" -> "does not"), in
/// original case (names keep their capitals) and in lower case (for matching word lists).
/// </summary>
internal sealed class GraphTokens
{
    private static readonly Dictionary<string, string[]> Contractions = new(StringComparer.Ordinal)
    {
        ["i'm"] = ["I", "am"], ["im"] = ["I", "am"], ["i've"] = ["I", "have"], ["ive"] = ["I", "have"], ["i'd"] = ["I", "would"],
        ["i'll"] = ["I", "will"], ["don't"] = ["do", "not"], ["dont"] = ["do", "not"], ["doesn't"] = ["does", "not"],
        ["doesnt"] = ["does", "not"], ["didn't"] = ["did", "not"], ["can't"] = ["can", "not"], ["cannot"] = ["can", "not"],
        ["cant"] = ["can", "not"], ["won't"] = ["will", "not"], ["isn't"] = ["is", "not"], ["aren't"] = ["are", "not"],
        ["wasn't"] = ["was", "not"], ["name's"] = ["name", "is"], ["we're"] = ["we", "are"], ["haven't"] = ["have", "not"],
        ["hasn't"] = ["has", "not"], ["shouldn't"] = ["should", "not"], ["wouldn't"] = ["would", "not"],
    };

    private GraphTokens(List<string> original)
    {
        Original = original;
        Lower = original.ConvertAll(w => w.ToLowerInvariant());
    }

    public IReadOnlyList<string> Original { get; }

    public IReadOnlyList<string> Lower { get; }

    public int Count => Original.Count;

    public static GraphTokens Of(string clause)
    {
        var words = new List<string>();
        foreach (var word in ClauseWords.Of(clause).Original)
        {
            if (Contractions.TryGetValue(word.ToLowerInvariant(), out var expansion))
            {
                words.AddRange(expansion);
            }
            else
            {
                words.Add(word);
            }
        }

        return new GraphTokens(words);
    }

    /// <summary>The lower-case word at <paramref name="index"/>, or "" past the end.</summary>
    public string LowerAt(int index) => index >= 0 && index < Count ? Lower[index] : string.Empty;

    /// <summary>The original words [start, start + length) joined by spaces.</summary>
    public string Join(int start, int length) => string.Join(' ', Original.Skip(start).Take(length));
}
