using System.Text;

namespace MemoryCore.Graph;

/// <summary>
/// One spelling per relationship, so that "Lives in", "LIVES_IN" and "lives-in" are the same edge label and the
/// user's "mom" is their "mother": lower case, words joined by '_', a few synonyms folded.
/// </summary>
public static class RelationshipName
{
    public const int MaxLength = 64;

    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["mom"] = "mother", ["mum"] = "mother", ["mommy"] = "mother", ["mummy"] = "mother", ["mama"] = "mother", ["mam"] = "mother",
        ["dad"] = "father", ["daddy"] = "father", ["papa"] = "father", ["pa"] = "father",
        ["grandma"] = "grandmother", ["granny"] = "grandmother", ["nan"] = "grandmother", ["nana"] = "grandmother",
        ["grandpa"] = "grandfather", ["granddad"] = "grandfather", ["grandad"] = "grandfather",
        ["bro"] = "brother", ["sis"] = "sister", ["hubby"] = "husband", ["neighbor"] = "neighbour", ["carer"] = "caregiver",
        ["coworker"] = "colleague", ["co_worker"] = "colleague", ["kid"] = "child", ["bf"] = "boyfriend", ["gf"] = "girlfriend",
        ["moved_to"] = "lives_in", ["relocated_to"] = "lives_in", ["resides_in"] = "lives_in", ["is_based_in"] = "lives_in",
        ["based_in"] = "lives_in", ["live_in"] = "lives_in", ["is_living_in"] = "lives_in", ["living_in"] = "lives_in",
        ["is_from"] = "from", ["comes_from"] = "from", ["come_from"] = "from",
        ["work_at"] = "works_at", ["works_for"] = "works_at", ["work_for"] = "works_at", ["is_working_at"] = "works_at", ["is_employed_at"] = "works_at",
        ["work_as"] = "works_as", ["is_called"] = "name", ["is_named"] = "name", ["called"] = "name", ["named"] = "name", ["has_name"] = "name",
        ["like"] = "likes", ["love"] = "loves", ["enjoy"] = "enjoys", ["hate"] = "hates", ["dislike"] = "dislikes",
        ["does_not_like"] = "dislikes", ["doesnt_like"] = "dislikes", ["do_not_like"] = "dislikes", ["dont_like"] = "dislikes",
    };

    /// <summary>The normal form, or "" when nothing usable is left.</summary>
    public static string Normalize(string relationship)
    {
        var builder = new StringBuilder(relationship.Length);
        foreach (var ch in relationship.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(ch))
            {
                builder.Append(ch);
            }
            else if (ch is '\'' or '’')
            {
                continue; // "doesn't" -> "doesnt"
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        var name = Fold(builder.ToString().Trim('_'));
        if (name.StartsWith("has_", StringComparison.Ordinal) && RoleLexicon.IsRole(Fold(name[4..])))
        {
            name = Fold(name[4..]); // "HAS_MOTHER" and "has_mom" are the same edge as "mother"
        }

        return name.Length <= MaxLength ? name : name[..MaxLength].TrimEnd('_');
    }

    private static string Fold(string name) => Synonyms.TryGetValue(name, out var folded) ? folded : name;
}
