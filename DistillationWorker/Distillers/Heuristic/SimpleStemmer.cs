namespace DistillationWorker.Distillers.Heuristic;

/// <summary>
/// A deliberately small suffix stripper, so "swim", "swims" and "swimming" count as one topic. Not Porter: it only
/// removes plural -s/-es/-ies, -ing, -ed and a final -e, then undoubles a final consonant. Irregular forms
/// ("swam", "ran") stay separate words. English only.
/// </summary>
public static class SimpleStemmer
{
    private const int MinStemLength = 3;

    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var w = word.ToLowerInvariant();
        if (w.Length < 4)
        {
            return w;
        }

        w = StripPlural(w);
        if (w.EndsWith("ing", StringComparison.Ordinal) && w.Length - 3 >= MinStemLength)
        {
            w = Undouble(w[..^3]);
        }
        else if (w.EndsWith("ed", StringComparison.Ordinal) && !w.EndsWith("eed", StringComparison.Ordinal) && w.Length - 2 >= MinStemLength)
        {
            // Not "-eed": "need" and "speed" are words, not past tenses.
            w = Undouble(w[..^2]);
        }

        // "dance" and "danc(ing)" meet at "danc"; short words keep their e ("age", "eye").
        return w.Length > 3 && w.EndsWith('e') ? w[..^1] : w;
    }

    private static string StripPlural(string w)
    {
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4)
        {
            return w[..^3] + "y";
        }

        if (w.EndsWith("sses", StringComparison.Ordinal))
        {
            return w[..^2];
        }

        if (w.EndsWith("es", StringComparison.Ordinal) && (w.EndsWith("xes", StringComparison.Ordinal) || w.EndsWith("zes", StringComparison.Ordinal)
            || w.EndsWith("ches", StringComparison.Ordinal) || w.EndsWith("shes", StringComparison.Ordinal)))
        {
            return w[..^2];
        }

        // Not "-ss" (class), "-us" (bus) or "-is" (this).
        return w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal)
            ? w[..^1]
            : w;
    }

    /// <summary>"swimm" to "swim", "runn" to "run"; l, s and z stay doubled ("fall", "pass", "buzz").</summary>
    private static string Undouble(string w) =>
        w.Length >= 4 && w[^1] == w[^2] && !"aeiouylsz".Contains(w[^1], StringComparison.Ordinal) ? w[..^1] : w;
}
