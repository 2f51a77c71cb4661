using System.Text;

namespace MemoryCore.Extraction.Heuristic;

/// <summary>
/// Splits a message into sentences at '.', '!', '?' (runs of them), semicolons and line breaks.
/// Each sentence keeps its terminator so that callers can still see a trailing '?'.
/// </summary>
internal static class SentenceSplitter
{
    // A period after these is an abbreviation ("Dr. Smith"), not the end of a sentence.
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "a.m", "p.m", "approx",
    };

    public static IEnumerable<string> Split(string text)
    {
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch is '\n' or '\r' or ';')
            {
                if (Flush(current) is { } line)
                {
                    yield return line;
                }

                continue;
            }

            current.Append(ch);
            if (ch is '.' or '!' or '?' or '…' && EndsSentence(text, i, current))
            {
                // Swallow the rest of a run such as "?!" or "...".
                while (i + 1 < text.Length && text[i + 1] is '.' or '!' or '?' or '…')
                {
                    current.Append(text[++i]);
                }

                if (Flush(current) is { } sentence)
                {
                    yield return sentence;
                }
            }
        }

        if (Flush(current) is { } last)
        {
            yield return last;
        }
    }

    private static bool EndsSentence(string text, int index, StringBuilder current)
    {
        var next = index + 1 < text.Length ? text[index + 1] : ' ';
        if (text[index] == '.' && !char.IsWhiteSpace(next) && next is not ('.' or '!' or '?' or '"' or ')'))
        {
            // "3.5", "e.g.", "example.com": no space after the period, so it is inside a word.
            return false;
        }

        // "Dr. Smith", "8 a.m. tomorrow", "J. Smith": an abbreviation or an initial (but "... do I."), not the end of a sentence.
        // Lower-case continuations are not treated specially because many people chat entirely in lower case.
        var word = LastWord(current);
        return text[index] != '.' || !(Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0]) && word != "I"));
    }

    private static string LastWord(StringBuilder current)
    {
        var end = current.Length - 1; // the period itself
        var start = end;
        while (start > 0 && !char.IsWhiteSpace(current[start - 1]))
        {
            start--;
        }

        return current.ToString(start, end - start);
    }

    private static string? Flush(StringBuilder current)
    {
        var sentence = current.ToString().Trim();
        current.Clear();
        return sentence.Length == 0 ? null : sentence;
    }
}
