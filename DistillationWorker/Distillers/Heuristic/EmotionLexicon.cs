namespace DistillationWorker.Distillers.Heuristic;

/// <summary>
/// Fixed positive and negative emotion words (lower-case, inflections listed). A word counts only when none of the
/// three words before it is a negation ("not happy", "never scared" count as neither). Small and literal on purpose:
/// it measures which words a person uses, not how they feel.
/// </summary>
public static class EmotionLexicon
{
    private static readonly HashSet<string> Positive = Set(
        """
        happy happier happiest glad joy joyful cheerful excited exciting love loved loving lovely enjoy enjoyed enjoying
        fun great wonderful awesome amazing fantastic good better best nice calm relaxed peaceful proud grateful thankful
        hopeful confident laugh laughed laughing smile smiled smiling pleased delighted
        """);

    private static readonly HashSet<string> Negative = Set(
        """
        sad sadder unhappy angry mad upset worried worry worrying anxious anxiety scared afraid frightened nervous lonely
        tired exhausted bad worse worst hate hated awful terrible miserable cry cried crying stressed stress frustrated
        annoyed hurt depressed bored scary panic
        """);

    private static readonly HashSet<string> Negations = Set(
        """
        not no never don't didn't doesn't isn't wasn't aren't weren't won't can't cannot couldn't wouldn't shouldn't
        hardly nor without
        """);

    private const int NegationReach = 3;

    private static readonly char[] SentenceEnds = ['.', '!', '?', ';', '\n'];

    public static bool IsEmotionWord(string lowerCaseWord) => Positive.Contains(lowerCaseWord) || Negative.Contains(lowerCaseWord);

    /// <summary>Counts the non-negated positive and negative words of a text; a negation does not reach past the end of its sentence.</summary>
    public static (int Positive, int Negative) CountText(string text)
    {
        var positive = 0;
        var negative = 0;
        foreach (var sentence in text.Split(SentenceEnds, StringSplitOptions.RemoveEmptyEntries))
        {
            var (p, n) = Count(WordTokenizer.Words(sentence));
            positive += p;
            negative += n;
        }

        return (positive, negative);
    }

    /// <summary>Counts the non-negated positive and negative words of one tokenized sentence.</summary>
    public static (int Positive, int Negative) Count(IReadOnlyList<string> words)
    {
        var positive = 0;
        var negative = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var isPositive = Positive.Contains(words[i]);
            var isNegative = Negative.Contains(words[i]);
            if ((!isPositive && !isNegative) || IsNegated(words, i))
            {
                continue;
            }

            positive += isPositive ? 1 : 0;
            negative += isNegative ? 1 : 0;
        }

        return (positive, negative);
    }

    private static bool IsNegated(IReadOnlyList<string> words, int index)
    {
        for (var j = Math.Max(0, index - NegationReach); j < index; j++)
        {
            if (Negations.Contains(words[j]))
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<string> Set(string words) =>
        new(words.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
}
