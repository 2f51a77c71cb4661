using System.Globalization;

namespace MemoryCore.Graph.Extraction.Heuristic;

/// <summary>
/// Reads the predicate after a subject into relations: "loves gardening" (loves), "live in Lisbon" (lives_in),
/// "am allergic to peanuts" (allergic_to), "is a nurse" (is_a), "am 34" (age), "don't like loud music" (dislikes),
/// "can't eat gluten" (can_not_eat). For the user, verbs take the third person ("I live" -> lives_in) so that
/// "I live in Lisbon" and "Maria lives in Lisbon" share one relationship.
/// </summary>
internal static class PredicateParser
{
    public static void Parse(GraphTokens t, int position, string subject, GraphBuilder graph)
    {
        var self = subject == GraphSelf.Token;
        var negated = false;
        var p = SkipModifiers(t, position, ref negated);
        if (t.LowerAt(p) is "do" or "does" or "did" && GraphWords.Negations.Contains(t.LowerAt(p + 1)))
        {
            negated = true;
            p = SkipModifiers(t, p + 1, ref negated);
        }

        var verb = t.LowerAt(p);
        if (verb.Length == 0)
        {
            return;
        }

        if (GraphWords.Copulas.Contains(verb))
        {
            Copula(t, p + 1, subject, self, negated, graph);
        }
        else if (GraphWords.Modals.Contains(verb))
        {
            var modalNegated = false;
            var q = SkipModifiers(t, p + 1, ref modalNegated);
            var main = t.LowerAt(q);
            if (main.Length > 0)
            {
                var relationship = verb + (modalNegated || negated ? "_not_" : "_") + main;
                Relate(t, q + 1, subject, relationship, graph);
            }
        }
        else
        {
            Verb(t, p, subject, self ? ThirdPerson(verb) : verb, negated, graph);
        }
    }

    private static void Verb(GraphTokens t, int p, string subject, string verb, bool negated, GraphBuilder graph)
    {
        var relationship = verb;
        var next = p + 1;
        if (GraphWords.LikeVerbs.Contains(verb) && t.LowerAt(next) == "to")
        {
            next++; // "likes to swim": the object is "swim"
        }
        else if (GraphWords.Prepositions.Contains(t.LowerAt(next)))
        {
            relationship += "_" + t.LowerAt(next);
            next++;
        }

        if (negated)
        {
            relationship = GraphWords.LikeVerbs.Contains(verb) && verb is not ("hate" or "hates") ? "dislikes" : "does_not_" + relationship;
        }

        Relate(t, next, subject, relationship, graph);
    }

    private static void Copula(GraphTokens t, int p, string subject, bool self, bool negated, GraphBuilder graph)
    {
        p = SkipModifiers(t, p, ref negated);
        var prefix = negated ? "not_" : string.Empty;
        var word = t.LowerAt(p);
        if (word is "a" or "an")
        {
            Relate(t, p + 1, subject, prefix + "is_a", graph);
        }
        else if (word is "called" or "named")
        {
            Relate(t, p + 1, subject, "name", graph);
        }
        else if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            graph.Relate(subject, "age", t.Original[p], "number");
        }
        else if (word is "from" or "in" or "at")
        {
            Relate(t, p + 1, subject, prefix + (word == "from" ? "from" : "is_" + word), graph);
        }
        else if (self && EntityPhrases.NameLength(t, p) is > 0 and var n && p + n == t.Count)
        {
            graph.Relate(subject, "name", t.Join(p, n), "person"); // "I am Ana"
        }
        else if (word.Length > 0 && GraphWords.Prepositions.Contains(t.LowerAt(p + 1)))
        {
            Relate(t, p + 2, subject, prefix + word + "_" + t.LowerAt(p + 1), graph); // "allergic to", "afraid of"
        }
        else if (word.Length > 0)
        {
            Relate(t, p, subject, prefix + "is", graph); // "I am vegan"
        }
    }

    private static void Relate(GraphTokens t, int objectStart, string subject, string relationship, GraphBuilder graph)
    {
        foreach (var phrase in ObjectPhrases.Read(t, objectStart, graph))
        {
            graph.Relate(subject, relationship, phrase.Name, phrase.Type ?? TypeFor(RelationshipName.Normalize(relationship)));
        }
    }

    private static int SkipModifiers(GraphTokens t, int p, ref bool negated)
    {
        while (p < t.Count && (GraphWords.Modifiers.Contains(t.Lower[p]) || GraphWords.Negations.Contains(t.Lower[p])))
        {
            negated |= GraphWords.Negations.Contains(t.Lower[p]);
            p++;
        }

        return p;
    }

    private static string TypeFor(string relationship) => relationship switch
    {
        "lives_in" or "from" or "born_in" or "is_in" or "visits" or "goes_to" or "travels_to" or "visited" or "went_to" => "location",
        "works_at" or "studies_at" or "is_at" => "organization",
        "is_a" or "works_as" => "role",
        _ => "concept",
    };

    /// <summary>"live" -> "lives", "go" -> "goes", "study" -> "studies"; past tenses and "-s" forms stay.</summary>
    internal static string ThirdPerson(string verb)
    {
        if (verb is "have")
        {
            return "has";
        }

        if (verb.Length < 2 || (verb.EndsWith("ed", StringComparison.Ordinal) && !verb.EndsWith("eed", StringComparison.Ordinal))
            || verb is "went" or "had" or "did" or "got" or "made" or "took" or "became" or "met" or "left" or "grew" or "saw" or "bought" or "sold" or "began" or "ran" or "was")
        {
            return verb;
        }

        if (verb.EndsWith('s') && !verb.EndsWith("ss", StringComparison.Ordinal))
        {
            return verb;
        }

        if (verb.EndsWith('y') && verb.Length > 2 && !"aeiou".Contains(verb[^2], StringComparison.Ordinal))
        {
            return verb[..^1] + "ies";
        }

        return verb.EndsWith("sh", StringComparison.Ordinal) || verb.EndsWith("ch", StringComparison.Ordinal) || verb.EndsWith('x') || verb.EndsWith('z') || verb.EndsWith('o') || verb.EndsWith("ss", StringComparison.Ordinal)
            ? verb + "es"
            : verb + "s";
    }
}
