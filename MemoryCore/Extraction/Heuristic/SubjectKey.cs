using System.Text.RegularExpressions;

namespace MemoryCore.Extraction.Heuristic;

/// <summary>
/// The slot a statement fills when its predicate is single-valued: "I live in Paris" is (i, "live in", paris).
/// A new statement for the same subject and predicate with another value replaces the old one
/// ("I moved to Rome" replaces "I live in Paris"); multi-valued predicates ("I like tea") have no key.
/// </summary>
internal sealed record SubjectKey(string Subject, string Predicate, string Value)
{
    private static readonly HashSet<string> NotSubjects = new(StringComparer.Ordinal)
    {
        "it", "this", "that", "there", "he", "she", "they", "you", "the", "a", "an", "when", "if", "what", "where",
        "who", "and", "but", "so", "because", "since", "which", "here", "everyone", "someone",
    };

    private static readonly HashSet<string> Prepositions = new(StringComparer.Ordinal)
    {
        "to", "of", "at", "in", "on", "with", "from", "for", "about", "by", "into",
    };

    // Single-valued predicates in priority order; "i" is forced as the subject of the name patterns.
    private static readonly (Regex Pattern, string Predicate)[] Slots =
    [
        (Pattern(@"^(?:my name is|i am called|i am named|call me|i go by|people call me|everyone call me) (?<v>.+)$"), "called"),
        (Pattern(@"^(?<s>.+?) name is (?<v>.+)$"), "called"),
        (Pattern(@"^(?<s>.+?) (?:is|are|am) (?:called|named) (?<v>.+)$"), "called"),
        (Pattern(@"^my age is (?<v>\d+)"), "age"),
        (Pattern(@"^(?<s>.+?) (?:am|is|are|turned) (?<v>\d+)(?: year)?(?: old)?$"), "age"),
        (Pattern(@"^(?<s>.+?) (?:live|living|am living|is living|are living|reside|residing|am based|is based|are based|moved|have moved|has moved|relocated|have relocated|has relocated) (?:in|to|at) (?<v>.+)$"), "live in"),
        (Pattern(@"^(?<s>.+?) (?:(?:am|is|are) from|come from) (?<v>.+)$"), "from"),
        (Pattern(@"^(?<s>.+?) (?:work|working|am working|is working|are working) (?:at|for) (?<v>.+)$"), "work at"),
        (Pattern(@"^(?<s>.+?) (?:am|is|are) employed (?:at|by) (?<v>.+)$"), "work at"),
        (Pattern(@"^(?<s>.+?) (?:work|working|am working|is working|are working) as (?<v>.+)$"), "work as"),
        (Pattern(@"^(?<s>.+?) (?:study|studying|am studying|is studying|are studying) at (?<v>.+)$"), "study at"),
        (Pattern(@"^(?<s>.+?) (?:was|were) born in (?<v>.+)$"), "born in"),
        (Pattern(@"^(?<s>.+?) (?:was|were) born on (?<v>.+)$"), "born on"),
        (Pattern(@"^(?<s>.+?) (?:am|is|are) married to (?<v>.+)$"), "married to"),
        (Pattern(@"^(?<s>(?:my|our) [a-z0-9]+(?: [a-z0-9]+){0,3}?) (?:is|are) (?<v>.+)$"), "is"),
    ];

    /// <summary>The slot of a proposition, or null when its predicate is not a known single-valued one.</summary>
    public static SubjectKey? Of(Proposition proposition)
    {
        foreach (var (pattern, predicate) in Slots)
        {
            var match = pattern.Match(proposition.Text);
            if (!match.Success)
            {
                continue;
            }

            var subject = match.Groups["s"].Success ? match.Groups["s"].Value : "i";
            var value = match.Groups["v"].Value;
            if (!IsSubject(subject) || (predicate == "is" && IsRelationalValue(value)))
            {
                return null;
            }

            return new SubjectKey(subject, predicate, value);
        }

        return null;
    }

    /// <summary>Same subject ("my sister anna" and "anna" count as one) and same predicate.</summary>
    public bool SameSlot(SubjectKey other) =>
        Predicate == other.Predicate && (Subject == other.Subject || IsNamedRelative(Subject, other.Subject) || IsNamedRelative(other.Subject, Subject));

    /// <summary>
    /// For "my X is ...": "a nurse" replaces "a teacher" and "green" replaces "blue", but "a nurse" and "tall"
    /// are different kinds of statement and both stay.
    /// </summary>
    public bool CanReplace(SubjectKey other) => Predicate != "is" || StartsWithArticle(Value) == StartsWithArticle(other.Value);

    private static bool StartsWithArticle(string value) => value.StartsWith("a ", StringComparison.Ordinal) || value.StartsWith("an ", StringComparison.Ordinal);

    // "my sister is allergic to cats" and "my sister is married to tom" are different facts, not two values of one slot.
    private static bool IsRelationalValue(string value)
    {
        var words = value.Split(' ');
        return words.Length > 1 && Prepositions.Contains(words[1]);
    }

    private static bool IsSubject(string subject)
    {
        var words = subject.Split(' ');
        if (subject is "i" or "we" || words[0] is "my" or "our")
        {
            return words.Length <= 4;
        }

        return words.Length <= 3 && !words.Any(NotSubjects.Contains);
    }

    private static bool IsNamedRelative(string longer, string name) =>
        !name.Contains(' ', StringComparison.Ordinal) && longer.StartsWith("my ", StringComparison.Ordinal) && longer.EndsWith(" " + name, StringComparison.Ordinal);

    private static Regex Pattern(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
