using System.Text.RegularExpressions;

namespace MemoryTests.Api.Security.Isolation;

/// <summary>
/// Judges one answer against the model: never a 5xx, exactly the expected status, no seeded token the probe may not
/// show (a LEAK when the key may not see its memory or key at all, a scope bleed when it may but the request did not
/// cover it), and every token it must show.
/// </summary>
internal static partial class IsolationJudge
{
    public static IEnumerable<string> Judge(IsolationWorld world, IsolationProbe probe, int status, string body)
    {
        if (status >= 500)
        {
            yield return $"5xx: {status}";
        }
        else if (status != probe.Expected)
        {
            yield return $"status {status}, expected {probe.Expected}";
        }

        var text = body.ToLowerInvariant();
        foreach (var token in Tokens().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal))
        {
            if (world.MemoryOf(token) is { } memory && !probe.View.Memories(memory))
            {
                yield return (probe.Key.CanSee(memory) ? "scope bleed" : "LEAK") + $": token {token} of memory {memory}";
            }
            else if (world.KeyNameOf(token) is { } key && !probe.View.KeyNames(key))
            {
                yield return $"LEAK: token {token} of key {key.Id} (tenant {key.Tenant})";
            }
        }

        if (status == probe.Expected && status < 300)
        {
            foreach (var token in probe.MustShow.Where(t => !text.Contains(t, StringComparison.Ordinal)))
            {
                yield return $"missing: token {token} of {(object?)world.MemoryOf(token) ?? world.KeyNameOf(token)}";
            }
        }
    }

    /// <summary>A canary token: the prefix and ten lower-case letters or digits (bodies are lower-cased first, so a
    /// capitalised name in a graph relation is found too).</summary>
    [GeneratedRegex("zq[a-z0-9]{10}")]
    private static partial Regex Tokens();
}
