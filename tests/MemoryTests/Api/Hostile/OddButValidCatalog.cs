namespace MemoryTests.Api.Hostile;

/// <summary>
/// Input that looks hostile but is valid: SQL and full-text syntax, LIKE wildcards, emoji and U+FFFF in ids, extreme
/// dates and sequence numbers, the largest double, a number smaller than any double, nesting within the JSON limit.
/// These must succeed (2xx) on both stores, never 5xx, and match nothing of the seeded scope by accident.
/// </summary>
internal static class OddButValidCatalog
{
    public sealed record OddCase(string Name, string Method, string Path, string? Body);

    public static IReadOnlyDictionary<string, OddCase> All { get; } = Build().ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static TheoryData<string> Names => new(All.Keys.Order(StringComparer.Ordinal));

    private static IEnumerable<OddCase> Build()
    {
        string[] queries =
        [
            "' OR 1=1 --", "robert'); DROP TABLE memories;--", "a & b | !c <-> d:*", "NEAR(tea coffee)", "tea*", "\\\"", "%_%",
            "\\ud83d\\ude00", "\\uffff", "-", "AND OR NOT", "tea\\u0001\\u001b", "\\u00e9t\\u00e9 \\u4e2d\\u6587",
        ];
        var q = 0;
        foreach (var query in queries)
        {
            foreach (var mode in new[] { "vector", "fulltext", "hybrid", "graph" })
            {
                yield return new OddCase($"POST /search query#{q} {mode}", "POST", "/search",
                    $$"""{"query":"{{query}}","user_id":"hostile-seed","mode":"{{mode}}"}""");
            }

            q++;
        }

        string[] ids = ["%", "_", "hostile-%", "hostile-seed'--", "\\ud83d\\ude00", "\\uffff", "HOSTILE-SEED", "hostile-seed "];
        var i = 0;
        foreach (var id in ids)
        {
            var encoded = Uri.EscapeDataString(System.Text.RegularExpressions.Regex.Unescape(id));
            yield return new OddCase($"GET /memories user_id#{i}", "GET", $"/memories?user_id={encoded}", null);
            yield return new OddCase($"DELETE /memories user_id#{i}", "DELETE", $"/memories?user_id={encoded}", null);
            yield return new OddCase($"GET /turns user_id#{i}", "GET", $"/turns?user_id={encoded}", null);
            yield return new OddCase($"GET /graph/relations user_id#{i}", "GET", $"/graph/relations?user_id={encoded}", null);
            yield return new OddCase($"POST /search user_id#{i}", "POST", "/search", $$"""{"query":"tea","user_id":"{{id}}"}""");
            i++;
        }

        (string Name, string Filters)[] filters =
        [
            ("largest-double", """{"k":{"gt":1.7976931348623157e308}}"""),
            ("tiny-number", """{"k":{"lt":1e-400}}"""),
            ("contains-percent", """{"k":{"contains":"%"}}"""),
            ("contains-underscore", """{"k":{"contains":"_"}}"""),
            ("quote-value", """{"k":"'"}"""),
            ("dotted-key", """{"a.b":"v"}"""),
            ("jsonpath-key", """{"$..*":"v"}"""),
            ("sql-key", """{"k'); DROP TABLE memories;--":"v"}"""),
            ("in-mixed", """{"k":{"in":["v",1,true,null]}}"""),
            ("control-value", """{"k":"\u0001\u001b"}"""),
        ];
        foreach (var (name, f) in filters)
        {
            yield return new OddCase($"POST /search filters={name}", "POST", "/search", $$"""{"query":"tea","user_id":"hostile-seed","filters":{{f}}}""");
            yield return new OddCase($"GET /memories filters={name}", "GET", $"/memories?user_id=hostile-seed&filters={Uri.EscapeDataString(f)}", null);
        }

        (string Name, string Query)[] extremes =
        [
            ("GET /turns since=min", "/turns?user_id=hostile-seed&since=0001-01-01T00:00:00Z"),
            ("GET /turns since=max", "/turns?user_id=hostile-seed&since=9999-12-31T23:59:59Z"),
            ("GET /turns after_seq=max", "/turns?user_id=hostile-seed&after_seq=9223372036854775807"),
            ("GET /turns limit=max", "/turns?user_id=hostile-seed&limit=5000"),
            ("GET /turns/scopes before=min", "/turns/scopes?before=0001-01-01T00:00:00Z"),
            ("GET /turns/scopes after_seq=max", "/turns/scopes?after_seq=9223372036854775807"),
            ("GET /graph/relations as_of=min", "/graph/relations?user_id=hostile-seed&as_of=0001-01-01T00:00:00Z"),
            ("GET /graph/relations as_of=max", "/graph/relations?user_id=hostile-seed&as_of=9999-12-31T23:59:59Z"),
            ("GET /memories limit=max", "/memories?user_id=hostile-seed&limit=1000"),
        ];
        foreach (var (name, query) in extremes)
        {
            yield return new OddCase(name, "GET", query, null);
        }

        // Writes land in their own scope, never the seeded one.
        (string Name, string Metadata)[] metadata =
        [
            ("tiny-number", """{"n":1e-400}"""),
            ("largest-double", """{"n":-1.7976931348623157e308}"""),
            ("deep-50", HostileValues.DeepObject(50)),
            ("odd-keys", """{"$..*":1,"a.b":2,"'":3,"\uffff":4,"":5}"""),
            ("controls", """{"c":"\u0001\u001b\t\n"}"""),
        ];
        foreach (var (name, m) in metadata)
        {
            yield return new OddCase($"POST /memories metadata={name}", "POST", "/memories",
                $$"""{"messages":"Odd metadata {{name}}.","user_id":"hostile-odd","infer":false,"metadata":{{m}}}""");
        }
    }
}
