using System.Text.RegularExpressions;

namespace MemoryCore.Extraction.Heuristic;

/// <summary>
/// Decides whether one clause is a durable fact: a first-person statement ("I am allergic to peanuts",
/// "My sister is called Anna") or, in user turns, a statement about a named person ("Maria works at the bakery").
/// </summary>
internal static partial class StatementClassifier
{
    private static readonly HashSet<string> Modifiers = new(StringComparer.Ordinal)
    {
        "doesn't", "does", "didn't", "did", "not", "never", "also", "still", "really", "always", "usually", "now", "just", "recently",
    };

    /// <param name="clause">One clause, already split from its sentence and stripped of leading greetings.</param>
    /// <param name="fromAssistant">Assistant turns only yield first-person facts about the assistant itself.</param>
    /// <param name="allowTransient">True for explicit "remember that ..." requests: the user decided it matters.</param>
    public static bool IsFact(string clause, bool fromAssistant, bool allowTransient = false)
    {
        var words = ClauseWords.Of(clause);
        if (words.Count < 2 || Chitchat.IsChitchat(clause) || QuestionDetector.IsQuestion(clause))
        {
            return false;
        }

        var hasSubject = IsFirstPerson(words) || (!fromAssistant && IsAboutNamedPerson(words));
        if (!hasSubject || !HasContent(words) || IsDangling(words) || MetaTalk().IsMatch(string.Join(' ', words.Lower)))
        {
            return false;
        }

        if (!allowTransient && TransientStateDetector.IsTransient(clause))
        {
            return false;
        }

        return !fromAssistant || !words.Contains(StatementLexicon.AssistantSmallTalk);
    }

    /// <summary>True when the words from <paramref name="from"/> on contain a verb: "my sister" alone is a fragment.</summary>
    public static bool HasVerb(ClauseWords words, int from) =>
        words.Lower.Skip(from).Any(w => StatementLexicon.Auxiliaries.Contains(w) || StatementLexicon.PersonVerbs.Contains(w) || w.EndsWith("'s", StringComparison.Ordinal));

    private static bool IsFirstPerson(ClauseWords words)
    {
        var first = words.First;
        if (first is "my" or "our")
        {
            return HasVerb(words, 1);
        }

        if (StatementLexicon.FirstPerson.Contains(first))
        {
            return true;
        }

        if (first == "me" && words.Lower[1] == "and")
        {
            return HasVerb(words, 2); // "Me and my wife live in Oslo"
        }

        // "When I was ten I broke my arm", "Since 2019 I have worked at the library".
        return StatementLexicon.Subordinators.Contains(first) && words.Lower.Skip(1).Any(StatementLexicon.FirstPerson.Contains);
    }

    private static bool IsAboutNamedPerson(ClauseWords words)
    {
        // Up to three words of names, "and" allowed between two of them: "Maria", "Dr Lee", "Tom and Maria".
        var nameLength = 0;
        while (nameLength < Math.Min(3, words.Count - 1)
            && (IsNameWord(words.Original[nameLength], words.Lower[nameLength])
                || (nameLength > 0 && words.Lower[nameLength] == "and" && IsNameWord(words.Original[nameLength + 1], words.Lower[nameLength + 1]))))
        {
            nameLength++;
        }

        if (nameLength == 0)
        {
            return false;
        }

        if (words.Lower[nameLength - 1].EndsWith("'s", StringComparison.Ordinal))
        {
            return HasVerb(words, nameLength); // "Tom's birthday is in May"
        }

        var verb = SkipModifiers(words, nameLength);
        if (StatementLexicon.PersonVerbs.Contains(words.Lower[verb]))
        {
            return true;
        }

        // "Tom is my caregiver", "Anna is not allergic to nuts"; but not "Paris is beautiful".
        if (words.Lower[verb] is not ("is" or "was" or "are" or "were" or "isn't" or "wasn't" or "aren't") || verb + 1 >= words.Count)
        {
            return false;
        }

        return StatementLexicon.PersonComplements.Contains(words.Lower[SkipModifiers(words, verb + 1)]);
    }

    // "Maria doesn't eat", "Tom still lives", "Anna is not allergic": look past negations and adverbs.
    private static int SkipModifiers(ClauseWords words, int index)
    {
        while (index < words.Count - 1 && Modifiers.Contains(words.Lower[index]))
        {
            index++;
        }

        return index;
    }

    private static bool IsNameWord(string original, string lower)
    {
        var bare = lower.EndsWith("'s", StringComparison.Ordinal) ? lower[..^2] : lower;
        return char.IsUpper(original[0])
            && bare.Length > 0
            && bare.All(c => char.IsLetter(c) || c == '-')
            && bare != "i"
            && !StatementLexicon.NotNames.Contains(bare)
            && !StatementLexicon.FirstPerson.Contains(bare);
    }

    private static bool HasContent(ClauseWords words) =>
        words.Lower.Any(w => !StatementLexicon.NoContent.Contains(w));

    private static bool IsDangling(ClauseWords words) =>
        words.Count <= 5 && StatementLexicon.DanglingEnds.Contains(words.Lower[^1]);

    // Talk about the conversation itself: "I have a question about taxes", "Sorry, I meant Tuesday", "I think you're wrong".
    [GeneratedRegex(
        @"\b(?:question|questions|ask you|asking you|this chat|this conversation|help me|your help|need help|want you to|need you to|like you to|let me|i'll try|i will try|i meant|you're (?:wrong|right|correct|mistaken)|you are (?:wrong|right|correct|mistaken))\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex MetaTalk();
}
