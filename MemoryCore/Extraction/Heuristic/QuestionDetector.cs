namespace MemoryCore.Extraction.Heuristic;

/// <summary>
/// Recognises questions, with or without a question mark: people often omit it in chat
/// ("what time is it", "do you remember my sister").
/// </summary>
internal static class QuestionDetector
{
    private static readonly HashSet<string> WhWords = new(StringComparer.Ordinal)
    {
        "what", "where", "when", "why", "who", "whom", "whose", "which", "how", "what's", "whats", "where's", "who's",
        "how's", "when's", "why's", "whatcha", "wanna",
    };

    private static readonly HashSet<string> InvertedAuxiliaries = new(StringComparer.Ordinal)
    {
        "do", "does", "did", "can", "could", "would", "will", "shall", "should", "is", "are", "am", "was", "were",
        "have", "has", "had", "may", "might", "must", "don't", "doesn't", "didn't", "can't", "won't", "wouldn't",
        "couldn't", "shouldn't", "isn't", "aren't", "wasn't", "weren't", "haven't", "hasn't",
    };

    // After an inverted auxiliary, these make it a question: "Do you ...", "Is it ...", "Can my ...".
    private static readonly HashSet<string> QuestionSubjects = new(StringComparer.Ordinal)
    {
        "you", "u", "ya", "i", "we", "they", "he", "she", "it", "there", "my", "your", "our", "his", "her", "their",
        "the", "this", "that", "these", "those", "a", "an", "any", "anyone", "anybody", "someone", "somebody", "everyone",
    };

    private static readonly string[] IndirectAsks =
    [
        "like to know", "want to know", "need to know", "love to know", "like to ask", "want to ask", "curious if",
        "curious whether", "curious what", "curious how", "curious why", "curious when", "curious where",
    ];

    public static bool IsQuestion(string sentence)
    {
        if (sentence.TrimEnd().TrimEnd('"', '\'', ')', '”').EndsWith('?'))
        {
            return true;
        }

        var words = ClauseWords.Of(sentence);
        if (words.Count == 0)
        {
            return false;
        }

        var second = words.Count > 1 ? words.Lower[1] : string.Empty;
        if (WhWords.Contains(words.First))
        {
            // "When I was a child ..." and "What I need is ..." are statements, not questions.
            return !StatementLexicon.FirstPerson.Contains(second);
        }

        if (InvertedAuxiliaries.Contains(words.First) && words.Count > 1)
        {
            // "Is Tom coming" inverts with a name too.
            return QuestionSubjects.Contains(second) || (char.IsUpper(words.Original[1][0]) && words.Original[1] != "I");
        }

        return IsIndirectQuestion(words);
    }

    // "I wonder whether ...", "I was wondering if ...", "I'd like to know ...": asking, not telling.
    private static bool IsIndirectQuestion(ClauseWords words)
    {
        var text = string.Join(' ', words.Lower);
        if (!StatementLexicon.FirstPerson.Contains(words.First))
        {
            return false;
        }

        return text.StartsWith("i wonder", StringComparison.Ordinal)
            || text.Contains("wondering", StringComparison.Ordinal)
            || IndirectAsks.Any(ask => text.Contains(ask, StringComparison.Ordinal));
    }
}
