namespace MemoryCore.Graph.Extraction.Heuristic;

/// <summary>
/// Reads graph seeds from a question: "my mother" / "my best friend" become relationships of the user to follow,
/// capitalised names and content words ("gardening", "Lisbon") become entity names to match against nodes,
/// and a first-person question that names no relative ("Where do I live?") seeds the user's own node.
/// </summary>
internal static class QueryTermsParser
{
    private const int MaxNames = 12;

    public static GraphQuery Parse(string query)
    {
        var t = GraphTokens.Of(query);
        var roles = new List<string>();
        var names = new List<string>();
        var content = new List<string>();
        var firstPerson = false;
        for (var i = 0; i < t.Count; i++)
        {
            var word = t.Lower[i];
            firstPerson |= GraphWords.SelfWords.Contains(word);
            if (word is "my" or "our" && EntityPhrases.RoleAt(t, i + 1, out var length, out var role, out _))
            {
                roles.Add(role);
                i += length;
                continue;
            }

            var nameLength = EntityPhrases.NameLength(t, i);
            if (nameLength > 0)
            {
                names.Add(t.Join(i, nameLength));
                i += nameLength - 1;
                continue;
            }

            var bare = word.EndsWith("'s", StringComparison.Ordinal) ? word[..^2] : word;
            if (bare.Length >= 3 && !GraphWords.QueryStopWords.Contains(bare) && !RoleLexicon.IsRole(RelationshipName.Normalize(bare)))
            {
                content.Add(bare);
            }
        }

        // Adjacent content words may name one entity ("ice cream", "table tennis").
        var phrases = new List<string>(names);
        for (var i = 0; i + 1 < content.Count; i++)
        {
            phrases.Add(content[i] + " " + content[i + 1]);
        }

        phrases.AddRange(content);
        var entityNames = phrases.Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxNames).ToList();
        return new GraphQuery(entityNames, roles.Distinct(StringComparer.Ordinal).ToList(), firstPerson && roles.Count == 0);
    }
}
