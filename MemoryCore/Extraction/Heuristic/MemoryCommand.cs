using System.Text.RegularExpressions;

namespace MemoryCore.Extraction.Heuristic;

/// <summary>
/// Explicit instructions about memory, the only imperatives the extractor honours:
/// "Remember that my sister is called Anna" keeps "My sister is called Anna.";
/// "Please forget that I live in Paris" becomes the deletion request "Forget: I live in Paris.".
/// </summary>
internal static partial class MemoryCommand
{
    private static readonly HashSet<string> VaguePayloads = new(StringComparer.Ordinal)
    {
        "it", "that", "this", "them", "everything", "all", "all of it", "all of that", "about it", "about that", "me",
        "everything about me", "what i said", "what i just said", "all that",
    };

    public enum Kind
    {
        None,
        Remember,
        Forget,
    }

    /// <summary>Recognises a memory command; <paramref name="statement"/> is the part to remember or forget.</summary>
    public static Kind Parse(string sentence, out string statement)
    {
        statement = string.Empty;
        var trimmed = sentence.Trim();
        var polite = PoliteRequest().Match(trimmed);
        var body = trimmed[polite.Length..];

        // "Remember my sister?" asks; "Could you remember that ...?" is a polite request.
        if (!polite.Groups["ask"].Success && QuestionDetector.IsQuestion(trimmed))
        {
            return Kind.None;
        }

        if (Remember().Match(body) is { Success: true } remember && IsStatement(remember.Groups["what"].Value))
        {
            statement = Clean(remember.Groups["what"].Value);
            return Kind.Remember;
        }

        if (Forget().Match(body) is { Success: true } forget && !VaguePayloads.Contains(Clean(forget.Groups["what"].Value).ToLowerInvariant()))
        {
            statement = Clean(forget.Groups["what"].Value);
            return statement.Length > 0 ? Kind.Forget : Kind.None;
        }

        return Kind.None;
    }

    // "to buy milk" is a reminder request, not a fact; the payload must itself be a statement.
    private static bool IsStatement(string payload) =>
        !payload.TrimStart().StartsWith("to ", StringComparison.OrdinalIgnoreCase)
        && StatementClassifier.IsFact(Clean(payload), fromAssistant: false, allowTransient: true);

    private static string Clean(string payload) =>
        TrailingPlease().Replace(payload.Trim(), string.Empty).TrimEnd('.', '!', '?', '…', ' ').Trim();

    [GeneratedRegex(@"^(?:(?<ask>(?:can|could|would|will)\s+you)\s+)?(?:please\s+)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PoliteRequest();

    [GeneratedRegex(
        @"^(?:remember|note|keep\s+in\s+mind|don['’]t\s+forget|do\s+not\s+forget|never\s+forget|make\s+a\s+note)\b(?:\s+that\b|\s*[:,])?\s*(?<what>.+)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Remember();

    [GeneratedRegex(
        @"^(?:forget|stop\s+remembering|(?:delete|erase|remove|drop)\s+(?:the\s+|that\s+|this\s+|your\s+)?(?:memory|memories|fact|note)(?:\s+(?:that|about))?)\b(?:\s+that\b|\s+about\b|\s*:)?\s*(?<what>.+)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Forget();

    [GeneratedRegex(@"[,\s]+please\s*[.!?]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TrailingPlease();
}
