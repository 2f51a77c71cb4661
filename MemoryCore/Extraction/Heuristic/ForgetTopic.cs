using System.Text.RegularExpressions;

namespace MemoryCore.Extraction.Heuristic;

/// <summary>
/// The slot a deletion request names without giving its value: "forget where I live" names (i, "live in"),
/// "forget my favourite colour" names (my favourite colour, "is"), "forget my sister's name" names (my sister, "called").
/// Such a request deletes whatever value that slot holds.
/// </summary>
internal static partial class ForgetTopic
{
    public static SubjectKey? Of(Proposition request)
    {
        if (request.Negated)
        {
            return null;
        }

        var text = request.Text;
        if (Topic().Match(text) is not { Success: true } match)
        {
            return null;
        }

        var slot = match.Groups.Values.Skip(1).First(g => g.Success && g.Name != "s");
        var subject = match.Groups["s"].Success ? match.Groups["s"].Value : "i";
        var predicate = slot.Name switch
        {
            "live" => "live in",
            "work" => "work at",
            "job" => "work as",
            "age" => "age",
            "from" => "from",
            "name" => "called",
            _ => "is",
        };
        return new SubjectKey(subject is "my" ? "i" : subject, predicate, string.Empty);
    }

    [GeneratedRegex(
        @"^(?:where (?<s>.+?) (?<live>live|living)|where (?<s>.+?) (?<work>work|working)|what (?<s>.+?) (?<job>do for a living|do for work)|how old (?<s>.+?) (?<age>am|is|are)|where (?<s>.+?) (?:am|is|are) (?<from>from)|(?<s>my(?: [a-z0-9]+){0,3}?) (?<name>name)|(?<s>my(?: [a-z0-9]+){1,4})(?<is>))$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Topic();
}
