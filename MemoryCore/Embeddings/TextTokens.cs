using System.Text;

namespace MemoryCore.Embeddings;

/// <summary>Lower-cased word tokens with a light English normalisation shared by the offline components.</summary>
public static class TextTokens
{
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var ch in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(ch))
            {
                current.Append(char.ToLowerInvariant(ch));
            }
            else if (ch is '\'' or '’' && current.Length > 0)
            {
                // "don't" -> "dont", "ana's" -> "anas" -> stemmed below.
                continue;
            }
            else
            {
                Flush(current, words);
            }
        }

        Flush(current, words);
        return words;
    }

    /// <summary>A deliberately small suffix stripper: plural and possessive "s", "ies" -> "y".</summary>
    public static string Stem(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        return word;
    }

    private static void Flush(StringBuilder current, List<string> words)
    {
        if (current.Length > 0)
        {
            words.Add(Stem(current.ToString()));
            current.Clear();
        }
    }
}
