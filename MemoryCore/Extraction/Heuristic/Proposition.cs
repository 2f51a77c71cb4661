using System.Text.RegularExpressions;
using MemoryCore.Embeddings;

namespace MemoryCore.Extraction.Heuristic;

/// <summary>
/// A statement reduced to what it claims and whether it claims it: "I don't like dogs anymore" is
/// (<c>"i like dog"</c>, negated). Two statements with the same text and opposite polarity contradict each other.
/// </summary>
/// <remarks>
/// Contractions are expanded, words lower-cased and lightly stemmed (<see cref="TextTokens"/>), British and
/// American spellings of a few common words folded, emphasis adverbs dropped ("really", "now", "still"),
/// and like/love/enjoy vs. dislike/hate folded onto "like" and "not like".
/// </remarks>
internal sealed partial record Proposition(string Text, bool Negated)
{
    private static readonly HashSet<string> Fillers = new(StringComparer.Ordinal)
    {
        "now", "currently", "still", "actually", "also", "really", "just", "recently", "originally", "truly", "definitely",
        "totally", "absolutely", "anymore", "so", "very", "much", "honestly", "basically", "again",
    };

    private static readonly Dictionary<string, string[]> Synonyms = new(StringComparer.Ordinal)
    {
        ["favorite"] = ["favourite"], ["color"] = ["colour"], ["flavor"] = ["flavour"], ["neighbor"] = ["neighbour"],
        ["love"] = ["like"], ["adore"] = ["like"], ["enjoy"] = ["like"], ["dislike"] = ["not", "like"],
        ["hate"] = ["not", "like"], ["detest"] = ["not", "like"], ["im"] = ["i", "am"], ["ive"] = ["i", "have"],
        ["dont"] = ["do", "not"], ["doesnt"] = ["do", "not"], ["didnt"] = ["do", "not"], ["cant"] = ["can", "not"],
        ["isnt"] = ["is", "not"], ["arent"] = ["are", "not"], ["doe"] = ["do"], ["did"] = ["do"],
    };

    public static Proposition Of(string statement)
    {
        var tokens = new List<string>();
        foreach (var word in TextTokens.Words(ExpandContractions(statement)))
        {
            tokens.AddRange(Synonyms.TryGetValue(word, out var replacement) ? replacement : [word]);
        }

        var kept = new List<string>(tokens.Count);
        var negations = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var next = i + 1 < tokens.Count ? tokens[i + 1] : string.Empty;
            if (token == "no" && next == "longer")
            {
                negations++;
                i++;
            }
            else if (token is "not" or "never" or "no")
            {
                negations++;
            }
            else if (token == "do" && (next is "not" or "never"))
            {
                // "do" only carries the negation: "I do not like" claims the same as "I like".
            }
            else if (token == "any" && next == "more" && i + 2 == tokens.Count)
            {
                i++;
            }
            else if (!Fillers.Contains(token))
            {
                kept.Add(token);
            }
        }

        return new Proposition(string.Join(' ', kept), negations % 2 == 1);
    }

    private static string ExpandContractions(string text)
    {
        text = text.Replace('’', '\'').ToLowerInvariant();
        text = CantWont().Replace(text, m => m.Value.StartsWith('w') ? "will not" : "can not");
        text = NotSuffix().Replace(text, " not");
        text = PronounIs().Replace(text, "$1 is");
        return OtherSuffix().Replace(text, m => m.Groups[1].Value switch
        {
            "m" => " am",
            "re" => " are",
            "ve" => " have",
            "ll" => " will",
            _ => " would",
        });
    }

    [GeneratedRegex(@"\b(?:can't|cannot|won't)\b", RegexOptions.CultureInvariant)]
    private static partial Regex CantWont();

    [GeneratedRegex(@"n't\b", RegexOptions.CultureInvariant)]
    private static partial Regex NotSuffix();

    // "'s" is "is" after these; elsewhere it is a possessive ("my sister's") that the tokenizer folds away.
    [GeneratedRegex(@"\b(it|he|she|that|there|what|who|where|name|here|this)'s\b", RegexOptions.CultureInvariant)]
    private static partial Regex PronounIs();

    [GeneratedRegex(@"'(m|re|ve|ll|d)\b", RegexOptions.CultureInvariant)]
    private static partial Regex OtherSuffix();
}
