using System.Globalization;
using System.Text.RegularExpressions;

namespace MemoryBench.Locomo;

/// <summary>
/// Normalises LoCoMo evidence ids. The file has a few malformed ones: several ids in one string
/// ("D8:6; D9:17", space-separated lists), a stray colon ("D:11:26"), zero-padded turns ("D30:05").
/// Every "D&lt;session&gt;:&lt;turn&gt;" found in a string is kept, as "D{session}:{turn}" without padding;
/// a string with none (e.g. "D") is unparseable.
/// </summary>
internal static partial class EvidenceIds
{
    public static IReadOnlyList<string> Parse(string raw) =>
        [.. Id().Matches(raw).Select(m => string.Create(CultureInfo.InvariantCulture,
            $"D{int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)}:{int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)}"))];

    [GeneratedRegex(@"D\s*:?\s*(\d+)\s*:\s*(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex Id();
}
