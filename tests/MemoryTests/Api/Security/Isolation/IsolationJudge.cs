using System.Text.Json;
using System.Text.RegularExpressions;

namespace MemoryTests.Api.Security.Isolation;

/// <summary>
/// Judges one answer against the model: never a 5xx, exactly the expected status, no seeded token the probe may not
/// show (a LEAK when the key may not see its memory or key at all, a scope bleed when it may but the request did not
/// cover it), and every token it must show. A token the request itself named (an id like "x-zq…" in the path or
/// body, never the search query's words) may come back: echoing what the caller sent reveals nothing.
/// </summary>
internal static partial class IsolationJudge
{
    /// <summary>The failures (none when the answer is as the model says) and how many seeded tokens it showed.</summary>
    public static (IReadOnlyList<string> Failures, int Shown) Judge(IsolationWorld world, IsolationProbe probe, int status, string body)
    {
        var text = body.ToLowerInvariant();
        var echoed = Echoed(probe);
        var shown = Tokens().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal).Where(t => !echoed.Contains(t)).ToList();
        return ([.. Failures(world, probe, status, body, text, shown)], shown.Count);
    }

    private static IEnumerable<string> Failures(IsolationWorld world, IsolationProbe probe, int status, string body, string text, List<string> shown)
    {
        if (status >= 500)
        {
            yield return $"5xx: {status}";
        }
        else if (status != probe.Expected)
        {
            yield return $"status {status}, expected {probe.Expected}: {(text.Length <= 400 ? body : body[..400] + "…")}";
        }

        foreach (var token in shown)
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

    private static HashSet<string> Echoed(IsolationProbe probe)
    {
        var sent = probe.Body switch
        {
            IDictionary<string, object?> fields => fields.Where(f => f.Key != "query").ToDictionary(),
            McpToolCall call => call.Arguments.Where(f => f.Key != "query").ToDictionary(),
            var body => body,
        };
        var request = probe.Path + (sent is null ? string.Empty : JsonSerializer.Serialize(sent));
        return Tokens().Matches(request.ToLowerInvariant()).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>A canary token: the prefix and ten lower-case letters or digits (bodies are lower-cased first, so a
    /// capitalised name in a graph relation is found too).</summary>
    [GeneratedRegex("zq[a-z0-9]{10}")]
    private static partial Regex Tokens();
}
