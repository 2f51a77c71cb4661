using static MemoryCore.Graph.Extraction.Heuristic.EntityPhrases;

namespace MemoryCore.Graph.Extraction.Heuristic;

/// <summary>An object entity read from a predicate; <see cref="Type"/> is null when the relationship should decide it.</summary>
internal sealed record ObjectPhrase(string Name, string? Type);

/// <summary>
/// Reads the object(s) of a predicate: "gardening", "tea and coffee" (two), "the library" (articles dropped),
/// "my dog Rex" (Rex, and user -[dog]-> Rex). Stops at a new clause or a time ("every Sunday", "on Mondays").
/// Phrases longer than <see cref="MaxWords"/> words are descriptions, not entities, and are dropped.
/// </summary>
internal static class ObjectPhrases
{
    private const int MaxWords = 5;

    public static List<ObjectPhrase> Read(GraphTokens t, int start, GraphBuilder graph, bool skipPrepositions = false)
    {
        var end = start;
        while (end < t.Count && !EndsObject(t, end))
        {
            end++;
        }

        var phrases = new List<ObjectPhrase>();
        var segmentStart = start;
        for (var i = start; i <= end; i++)
        {
            if (i == end || t.Lower[i] is "and" or "or" or "&")
            {
                if (Segment(t, segmentStart, i, graph, skipPrepositions) is { } phrase)
                {
                    phrases.Add(phrase);
                }

                segmentStart = i + 1;
            }
        }

        return phrases;
    }

    private static ObjectPhrase? Segment(GraphTokens t, int start, int end, GraphBuilder graph, bool skipPrepositions)
    {
        while (start < end && (GraphWords.Determiners.Contains(t.Lower[start]) || (skipPrepositions && GraphWords.Prepositions.Contains(t.Lower[start]))))
        {
            start++;
        }

        if (start < end && t.Lower[start] is "my" or "our" && RoleAt(t, start + 1, out var length, out var role, out _))
        {
            // "I love my dog Rex": the object is Rex, and Rex is the user's dog.
            var type = RoleLexicon.TypeOf(role);
            var named = NameLength(t, start + 1 + length);
            var target = named > 0 ? t.Join(start + 1 + length, named) : GraphSelf.RoleOf(role);
            graph.Relate(GraphSelf.Token, role, target, type);
            return new ObjectPhrase(target, type);
        }

        var words = end - start;
        return words is > 0 and <= MaxWords ? new ObjectPhrase(t.Join(start, words), null) : null;
    }

    private static bool EndsObject(GraphTokens t, int index)
    {
        var word = t.Lower[index];
        if (GraphWords.ObjectEnds.Contains(word))
        {
            return true;
        }

        // "on Sundays", "at weekends", "in the morning": a time, not part of the object.
        if (word is "on" or "at" or "in" or "during")
        {
            var next = t.LowerAt(index + 1) is "the" ? t.LowerAt(index + 2) : t.LowerAt(index + 1);
            return GraphWords.TimeNouns.Contains(next);
        }

        return false;
    }
}
