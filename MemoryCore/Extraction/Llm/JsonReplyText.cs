using System.Text.RegularExpressions;

namespace MemoryCore.Extraction.Llm;

/// <summary>
/// Recovers the JSON object from a model reply. Local models often ignore the requested response format and wrap
/// the object in ```json fences, prefix it with prose, or emit a &lt;think&gt; block first.
/// </summary>
public static partial class JsonReplyText
{
    public static string Extract(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var text = ThinkBlock().Replace(reply, string.Empty).Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            return text;
        }

        var fence = FencedBlock().Match(text);
        if (fence.Success)
        {
            text = fence.Groups["body"].Value.Trim();
        }

        // Prose around the object ("Here is the JSON: {...}"): keep the outermost braces. A reply with no braces
        // is returned as is so that the parser reports a meaningful error.
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        return start >= 0 && end > start ? text[start..(end + 1)] : text;
    }

    [GeneratedRegex(@"<think>.*?</think>", RegexOptions.Singleline | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ThinkBlock();

    [GeneratedRegex(@"```[a-zA-Z]*\s*(?<body>.*?)\s*```", RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FencedBlock();
}
