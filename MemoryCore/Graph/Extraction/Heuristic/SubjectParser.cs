using static MemoryCore.Graph.Extraction.Heuristic.EntityPhrases;

namespace MemoryCore.Graph.Extraction.Heuristic;

/// <summary>
/// Reads who a clause is about and the relations its subject phrase states by itself:
/// "I ..." (the user), "My mother Maria ..." (user -[mother]-> Maria, then Maria), "My sister ..." (user -[sister]->
/// USER's sister), "Tom is my caregiver" (user -[caregiver]-> Tom), "Maria ..." (a named person),
/// "My favourite colour is blue" (user -[favourite_colour]-> blue), "Likes tea" (an LLM-style fact without subject).
/// </summary>
internal static class SubjectParser
{
    /// <returns>The subject for the predicate that follows at <paramref name="next"/>, or null when the clause is done.</returns>
    public static string? Parse(GraphTokens t, GraphBuilder graph, out int next)
    {
        next = t.Count;
        var first = t.Lower[0];
        if (first == "i")
        {
            next = 1;
            return Self(graph);
        }

        if (first is "my" or "our")
        {
            return Possessed(t, 1, graph, out next);
        }

        if (RoleAt(t, 0, out _, out _, out _))
        {
            return Possessed(t, 0, graph, out next); // "Sister Maria lives in Lisbon" (LLM-style, no "my")
        }

        var nameLength = NameLength(t, 0);
        if (nameLength > 0)
        {
            var name = t.Join(0, nameLength);
            var after = nameLength;
            if (GraphWords.Copulas.Contains(t.LowerAt(after)) && t.LowerAt(after + 1) is "my" or "our" && RoleAt(t, after + 2, out _, out var role, out _))
            {
                graph.Relate(GraphSelf.Token, role, name, RoleLexicon.TypeOf(role)); // "Tom is my caregiver"
                return null;
            }

            graph.Entity(name, "person");
            next = after;
            return name;
        }

        if (GraphWords.SubjectlessVerbs.Contains(first))
        {
            next = 0;
            return Self(graph);
        }

        return null;
    }

    private static string Self(GraphBuilder graph)
    {
        graph.Entity(GraphSelf.Token, "person");
        return GraphSelf.Token;
    }

    private static string? Possessed(GraphTokens t, int start, GraphBuilder graph, out int next)
    {
        Self(graph);
        next = t.Count;
        if (!RoleAt(t, start, out var length, out var role, out var possessive))
        {
            Attribute(t, start, graph);
            return null;
        }

        var after = start + length;
        var type = RoleLexicon.TypeOf(role);
        if (possessive)
        {
            // "My sister's name is Sofia"
            if (t.LowerAt(after) == "name" && GraphWords.Copulas.Contains(t.LowerAt(after + 1)) && NameLength(t, after + 2) is > 0 and var n)
            {
                graph.Relate(GraphSelf.Token, role, t.Join(after + 2, n), type);
            }

            return null;
        }

        var nameLength = NameLength(t, after);
        if (nameLength > 0)
        {
            var name = t.Join(after, nameLength);
            graph.Relate(GraphSelf.Token, role, name, type); // "My mother Maria loves gardening"
            next = after + nameLength;
            return name;
        }

        if (GraphWords.Copulas.Contains(t.LowerAt(after)))
        {
            var at = t.LowerAt(after + 1) is "called" or "named" ? after + 2 : after + 1;
            var named = NameLength(t, at);
            if (named > 0 && at + named == t.Count)
            {
                graph.Relate(GraphSelf.Token, role, t.Join(at, named), type); // "My mother is Maria"
                return null;
            }
        }

        // "My sister lives in Oslo": a relative without a name; the planner resolves it to the user's known sister.
        var placeholder = GraphSelf.RoleOf(role);
        graph.Relate(GraphSelf.Token, role, placeholder, type);
        next = after;
        return placeholder;
    }

    /// <summary>"My favourite colour is blue", "My birthday is in May", "My name is Ana".</summary>
    private static void Attribute(GraphTokens t, int start, GraphBuilder graph)
    {
        for (var copula = start + 1; copula < Math.Min(t.Count - 1, start + 4); copula++)
        {
            if (!GraphWords.Copulas.Contains(t.Lower[copula]))
            {
                continue;
            }

            var attribute = string.Join('_', t.Lower.Skip(start).Take(copula - start));
            foreach (var value in ObjectPhrases.Read(t, copula + 1, graph, skipPrepositions: true))
            {
                graph.Relate(GraphSelf.Token, attribute, value.Name, value.Type ?? "concept");
            }

            return;
        }
    }
}
