using System.Text;
using static MemoryTests.Api.Hostile.HostileBodies;

namespace MemoryTests.Api.Hostile;

/// <summary>
/// Every hostile case, generated: each route × each hostile value it can be given. Tests name cases by key only, so
/// the theory's data stays short ASCII and huge bodies are built once.
/// </summary>
internal static class HostileCatalog
{
    private const int BadRequest = 400;
    private const int TooLarge = 413;
    private const int UnsupportedMediaType = 415;
    private const int Unprocessable = 422;

    public static IReadOnlyDictionary<string, HostileCase> All { get; } = Build();

    public static TheoryData<string> Names => new(All.Keys.Order(StringComparer.Ordinal));

    private static Dictionary<string, HostileCase> Build()
    {
        var cases = new Dictionary<string, HostileCase>(StringComparer.Ordinal);
        foreach (var c in UnstorableStringCases().Concat(WrongTypeCases()).Concat(ShapeCases()).Concat(OversizeCases())
                     .Concat(PathCases()).Concat(QueryCases()).Concat(RouteCases()).Concat(HeaderCases()).Concat(HostileImportCases.All()))
        {
            cases.Add(c.Name, c);
        }

        return cases;
    }

    private static string Key(Route route, string what) => $"{route.Method} {route.Path} {what}";

    /// <summary>NUL and unpaired surrogates in every string field of every body: 400, whichever store.</summary>
    private static IEnumerable<HostileCase> UnstorableStringCases() =>
        from f in StringFields
        from v in HostileValues.UnstorableStrings
        select new HostileCase(Key(f.Route, $"{f.Field}={v.Name}"), f.Route.Method, f.Route.Path, Fill(f.Template, v.Json), BadRequest);

    private static IEnumerable<HostileCase> WrongTypeCases()
    {
        foreach (var f in IntegerFields)
        {
            foreach (var v in HostileValues.BadIntegers)
            {
                yield return new HostileCase(Key(f.Route, $"{f.Field}={v.Name}"), f.Route.Method, f.Route.Path, Fill(f.Template, v.Json), BadRequest);
            }

            yield return new HostileCase(Key(f.Route, $"{f.Field}=negative"), f.Route.Method, f.Route.Path, Fill(f.Template, "-1"), BadRequest);
        }

        foreach (var f in TypedStringFields)
        {
            foreach (var v in HostileValues.NotStrings)
            {
                yield return new HostileCase(Key(f.Route, $"{f.Field}={v.Name}"), f.Route.Method, f.Route.Path, Fill(f.Template, v.Json), BadRequest);
            }
        }

        var add = (string json) => new HostileCase(Key(Add, Short(json)), Add.Method, Add.Path, json, BadRequest);
        yield return add("""{"messages":42,"user_id":"hostile-seed"}""");
        yield return add("""{"messages":true,"user_id":"hostile-seed"}""");
        yield return add("""{"messages":{"role":"user","content":"hi"},"user_id":"hostile-seed"}""");
        yield return add("""{"messages":["I like tea."],"user_id":"hostile-seed"}""");
        yield return add("""{"messages":[null],"user_id":"hostile-seed"}""");
        yield return add("""{"messages":[[{"role":"user","content":"hi"}]],"user_id":"hostile-seed"}""");
        yield return add("""{"messages":"I like tea.","user_id":"hostile-seed","metadata":42}""");
        yield return add("""{"messages":"I like tea.","user_id":"hostile-seed","metadata":"k=v"}""");
        yield return add("""{"messages":"I like tea.","user_id":"hostile-seed","metadata":["k","v"]}""");
        yield return add("""{"messages":"I like tea.","user_id":"hostile-seed","metadata":{"n":1e400}}""");
        yield return add("""{"messages":"I like tea.","user_id":"hostile-seed","metadata":{"n":-1e400}}""");
        yield return add("""{"messages":"I like tea.","user_id":"hostile-seed","metadata":{"n":[1,{"m":1e200000}]}}""");
        yield return add("""{"messages":"I like tea.","user_id":"hostile-seed","infer":"no"}""");
        yield return add("""{"messages":"I like tea.","user_id":"hostile-seed","infer":0}""");
        yield return add("""{"messages":"I like tea.","user_id":"hostile-seed","record_turns":"no"}""");
        yield return add("""{"messages":"I like tea.","user_id":"hostile-seed","record_turns":{}}""");

        var search = (string json) => new HostileCase(Key(Search, Short(json)), Search.Method, Search.Path, json, BadRequest);
        yield return search("""{"query":"tea","user_id":"hostile-seed","threshold":1e400}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","threshold":-1e400}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","threshold":-0.5}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","threshold":99999999999999999999}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","threshold":"half"}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","threshold":[0.5]}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","explain":"yes"}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","explain":1}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","mode":"bogus"}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","limit":0}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","limit":2147483648}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","filters":42}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","filters":"k=v"}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","filters":["k"]}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","filters":true}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","filters":{"AND":{"k":"v"}}}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","filters":{"OR":[1,2]}}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","filters":{"NOT":[{"k":"v"}]}}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","filters":{"k":{"in":"v"}}}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","filters":{"k":{"in":[]}}}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","filters":{"k":{"in":[{"a":1}]}}}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","filters":{"k":{"gt":true}}}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","filters":{"k":{"gte":1e400}}}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","filters":{"k":{"lt":[1]}}}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","filters":{"k":{"contains":null}}}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","filters":{"k":{}}}""");
        yield return search("""{"query":"tea","user_id":"hostile-seed","filters":{"":"v"}}""");

        var update = (string json) => new HostileCase(Key(Update, Short(json)), Update.Method, Update.Path, json, BadRequest);
        yield return update("""{}""");
        yield return update("""{"text":null,"metadata":null}""");
        yield return update("""{"text":"   "}""");
        yield return update("""{"metadata":{"n":1e400}}""");
        yield return update("""{"metadata":42}""");
        yield return update("""{"metadata":"k=v"}""");
        yield return update("""{"metadata":[1]}""");

        var revert = (string json) => new HostileCase(Key(Revert, Short(json)), Revert.Method, Revert.Path, json, BadRequest);
        yield return revert("""{}""");
        yield return revert("""{"history_id":"not-a-uuid"}""");
        yield return revert("""{"history_id":"00000000-0000-0000-0000-000000000001"}""");

        var lease = (string json) => new HostileCase(Key(Lease, Short(json)), Lease.Method, Lease.Path, json, BadRequest);
        yield return lease("""{"holder":"h1","ttl_seconds":0}""");
        yield return lease("""{"holder":"h1","ttl_seconds":86401}""");
        yield return lease("""{"holder":"h1","ttl_seconds":30,"token":0}""");
        yield return lease("""{"ttl_seconds":30}""");
        yield return lease("""{"holder":"-h","ttl_seconds":30}""");
    }

    /// <summary>Not JSON, JSON of the wrong shape, nesting deeper than any parser follows, and wrong content types.</summary>
    private static IEnumerable<HostileCase> ShapeCases()
    {
        (string Name, string Body)[] malformed =
        [
            ("empty", ""),
            ("whitespace", "   "),
            ("truncated", "{\"messages\":"),
            ("unclosed-string", "{\"query\":\"tea"),
            ("single-quotes", "{'query':'tea'}"),
            ("trailing-comma", "{\"query\":\"tea\",}"),
            ("comment", "{/* hi */\"query\":\"tea\"}"),
            ("nan-literal", "{\"limit\":NaN}"),
            ("bare-word", "tea"),
            ("null", "null"),
            ("array", "[]"),
            ("string", "\"tea\""),
            ("number", "42"),
            ("two-documents", "{} {}"),
            ("bad-escape", "{\"query\":\"\\x41\"}"),
            ("truncated-unicode-escape", "{\"query\":\"\\u00\"}"),
            ("raw-control-char", "{\"query\":\"a\u0001b\"}"),
            ("deep-array-10000", HostileValues.Deep(10_000)),
            ("deep-object-10000", HostileValues.DeepObject(10_000)),
        ];

        foreach (var route in Routes)
        {
            foreach (var (name, body) in malformed)
            {
                yield return new HostileCase(Key(route, $"body={name}"), route.Method, route.Path, body, BadRequest);
            }

            yield return new HostileCase(Key(route, "body=invalid-utf8"), route.Method, route.Path, null, BadRequest)
            {
                RawBody = IntoFirstString(route.Valid, [0xFF, 0xFE, 0xC0, 0xAF]),
            };
            yield return new HostileCase(Key(route, "body=utf8-encoded-surrogate"), route.Method, route.Path, null, BadRequest)
            {
                RawBody = IntoFirstString(route.Valid, [0xED, 0xA0, 0x80]),
            };
            yield return new HostileCase(Key(route, "deep-field-10000"), route.Method, route.Path, Fill(route.Valid[..^1] + ",\"metadata\":§}", HostileValues.Deep(10_000)), BadRequest);

            foreach (var contentType in new[] { "text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x" })
            {
                yield return new HostileCase(Key(route, $"content-type={contentType}"), route.Method, route.Path, route.Valid, UnsupportedMediaType)
                { ContentType = contentType };
            }

            yield return new HostileCase(Key(route, "content-type=none"), route.Method, route.Path, route.Valid, UnsupportedMediaType) { ContentType = null };
        }

        var deepFilter = string.Concat(Enumerable.Repeat("{\"NOT\":", 12)) + "{\"k\":\"v\"}" + new string('}', 12);
        yield return new HostileCase(Key(Search, "filters=NOT-12-levels"), Search.Method, Search.Path,
            """{"query":"tea","user_id":"hostile-seed","filters":""" + deepFilter + """}""", BadRequest);
        var deepAnd = string.Concat(Enumerable.Repeat("{\"AND\":[", 12)) + "{\"k\":\"v\"}" + string.Concat(Enumerable.Repeat("]}", 12));
        yield return new HostileCase(Key(Search, "filters=AND-12-levels"), Search.Method, Search.Path,
            """{"query":"tea","user_id":"hostile-seed","filters":""" + deepAnd + """}""", BadRequest);
    }

    /// <summary>Over every limit: 413 where the limit is a size, 400 where it is a rule on the value.</summary>
    private static IEnumerable<HostileCase> OversizeCases()
    {
        var big = new string('x', 2_001); // Memory:MaxMessageChars is 2000 in the test factory
        var huge = new string('y', 70_000); // over Memory:MaxRequestBytes (65536)
        var longId = new string('u', 257);
        var manyMessages = "[" + string.Join(",", Enumerable.Range(0, 21).Select(i => $$$$"""{"role":"user","content":"m{{{{i}}}}"}""")) + "]";
        var bigMetadata = "{" + string.Join(",", Enumerable.Range(0, 80).Select(i => $"\"key{i}\":\"value value value {i}\"")) + "}";
        var manyConditions = "{" + string.Join(",", Enumerable.Range(0, 65).Select(i => $"\"k{i}\":{i}")) + "}";
        var bigIn = "[" + string.Join(",", Enumerable.Range(0, 20_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
        var longKey = new string('k', 129);

        HostileCase Case(Route route, string what, string body, int expected) => new(Key(route, what), route.Method, route.Path, body, expected);

        yield return Case(Add, "content>max", $$$$"""{"messages":"{{{{big}}}}","user_id":"hostile-seed","infer":false}""", TooLarge);
        yield return Case(Add, "messages[0].content>max", $$$$"""{"messages":[{"role":"user","content":"{{{{big}}}}"}],"user_id":"hostile-seed","infer":false}""", TooLarge);
        yield return Case(Add, "messages>max", $$$$"""{"messages":{{{{manyMessages}}}},"user_id":"hostile-seed","infer":false}""", TooLarge);
        yield return Case(Add, "metadata>max", $$$$"""{"messages":"I like tea.","user_id":"hostile-seed","metadata":{{{{bigMetadata}}}},"infer":false}""", TooLarge);
        yield return Case(Add, "body>max", $$$$"""{"messages":"{{{{huge}}}}","user_id":"hostile-seed","infer":false}""", TooLarge);
        yield return Case(AsyncAdd, "content>max", $$$$"""{"messages":"{{{{big}}}}","user_id":"hostile-seed","infer":false}""", TooLarge);
        yield return Case(AsyncAdd, "messages>max", $$$$"""{"messages":{{{{manyMessages}}}},"user_id":"hostile-seed","infer":false}""", TooLarge);
        yield return Case(AsyncAdd, "body>max", $$$$"""{"messages":"{{{{huge}}}}","user_id":"hostile-seed","infer":false}""", TooLarge);
        yield return Case(AsyncAdd, "no-scope", """{"messages":"I like tea.","infer":false}""", Unprocessable);
        yield return Case(Mem0AsyncAdd, "content>max", $$$$"""{"messages":"{{{{big}}}}","user_id":"hostile-seed","async_mode":true}""", TooLarge);
        yield return Case(Mem0AsyncAdd, "no-scope", """{"messages":"I like tea.","async_mode":true}""", Unprocessable);
        yield return Case(Mem0AsyncAdd, "async_mode=string", """{"messages":"I like tea.","user_id":"hostile-seed","async_mode":"yes"}""", BadRequest);
        yield return Case(Add, "user_id>256", $$$$"""{"messages":"I like tea.","user_id":"{{{{longId}}}}","infer":false}""", BadRequest);
        yield return Case(Add, "run_id>256", $$$$"""{"messages":"I like tea.","user_id":"hostile-seed","run_id":"{{{{longId}}}}","infer":false}""", BadRequest);
        yield return Case(Add, "messages[0].name>max", $$$$"""{"messages":[{"role":"user","content":"hi","name":"{{{{big}}}}"}],"user_id":"hostile-seed","infer":false}""", BadRequest);
        yield return Case(Search, "query>max", $$$$"""{"query":"{{{{new string('q', 4_001)}}}}","user_id":"hostile-seed"}""", TooLarge);
        yield return Case(Search, "body>max", $$$$"""{"query":"{{{{huge}}}}","user_id":"hostile-seed"}""", TooLarge);
        yield return Case(Search, "filters>64-conditions", """{"query":"tea","user_id":"hostile-seed","filters":""" + manyConditions + """}""", BadRequest);
        yield return Case(Search, "filters.in>body-limit", """{"query":"tea","user_id":"hostile-seed","filters":{"k":{"in":""" + bigIn + """}}}""", TooLarge);
        yield return Case(Search, "filters.key>128", $$$$"""{"query":"tea","user_id":"hostile-seed","filters":{"{{{{longKey}}}}":"v"}}""", BadRequest);
        yield return Case(Search, "limit>max", """{"query":"tea","user_id":"hostile-seed","limit":101}""", BadRequest);
        yield return Case(Search, "user_id>256", $$$$"""{"query":"tea","user_id":"{{{{longId}}}}"}""", BadRequest);
        yield return Case(Update, "text>max", $$$$"""{"text":"{{{{new string('t', 16_001)}}}}"}""", TooLarge);
        yield return Case(Update, "metadata>max", """{"metadata":""" + bigMetadata + """}""", TooLarge);
        yield return Case(Update, "body>max", $$$$"""{"text":"{{{{huge}}}}"}""", TooLarge);
        yield return Case(Revert, "body>max", $$$$"""{"history_id":"{{{{huge}}}}"}""", TooLarge);
        yield return Case(Lease, "holder>128", $$$$"""{"holder":"{{{{new string('h', 129)}}}}","ttl_seconds":30}""", BadRequest);
        yield return Case(Lease, "body>max", $$$$"""{"holder":"{{{{huge}}}}","ttl_seconds":30}""", TooLarge);
        yield return Case(Checkpoint, "body>max", $$$$"""{"holder":"{{{{huge}}}}","token":1,"watermark":9}""", TooLarge);
    }

    /// <summary>Identifiers in the path that are not ids: NUL, encoded surrogates, traversal, far too long.</summary>
    private static IEnumerable<HostileCase> PathCases()
    {
        (string Name, string Segment)[] badIds =
        [
            // A NUL in the path never reaches routing (servers refuse it, the test client will not send it); other controls do.
            ("soh", "%01"),
            ("uuid-with-control", "00000000-0000-0000-0000-00000000000%01"),
            ("encoded-surrogate", "%ED%A0%80"),
            ("invalid-utf8", "%FF%FE"),
            ("control", "%1B%5B2J"),
            ("traversal", "..%2F..%2Freset"),
            ("too-long", new string('9', 5_000)),
            ("not-a-uuid", "12345"),
        ];

        foreach (var (name, id) in badIds)
        {
            yield return new HostileCase($"GET /memories/{{id}} id={name}", "GET", $"/memories/{id}", null, BadRequest);
            yield return new HostileCase($"DELETE /memories/{{id}} id={name}", "DELETE", $"/memories/{id}", null, BadRequest);
            yield return new HostileCase($"GET /memories/{{id}}/history id={name}", "GET", $"/memories/{id}/history", null, BadRequest);
            yield return new HostileCase($"PUT /memories/{{id}} id={name}", "PUT", $"/memories/{id}", """{"text":"x"}""", BadRequest);
            yield return new HostileCase($"POST /memories/{{id}}/revert id={name}", "POST", $"/memories/{id}/revert", """{"history_id":"{history}"}""", BadRequest);
            yield return new HostileCase($"POST /jobs/{{name}}/lease name={name}", "POST", $"/jobs/{id}/lease", """{"holder":"h1","ttl_seconds":30}""", BadRequest);
            yield return new HostileCase($"GET /jobs/{{name}}/checkpoint name={name}", "GET", $"/jobs/{id}/checkpoint", null, BadRequest);
            yield return new HostileCase($"PUT /jobs/{{name}}/checkpoint name={name}", "PUT", $"/jobs/{id}/checkpoint", """{"holder":"h1","token":1,"watermark":9}""", BadRequest);
            yield return new HostileCase($"GET /events/{{id}} id={name}", "GET", $"/events/{id}", null, BadRequest);
            yield return new HostileCase($"GET /v1/event/{{id}}/ id={name}", "GET", $"/v1/event/{id}/", null, BadRequest);
            yield return new HostileCase($"DELETE /jobs/{{name}}/lease name={name}", "DELETE", $"/jobs/{id}/lease?holder=h1&token=1", null, BadRequest);
            yield return new HostileCase($"GET /v1/memories/{{id}}/ id={name}", "GET", $"/v1/memories/{id}/", null, BadRequest);
            yield return new HostileCase($"PUT /v1/memories/{{id}}/ id={name}", "PUT", $"/v1/memories/{id}/", """{"text":"x"}""", BadRequest);
            yield return new HostileCase($"DELETE /v1/memories/{{id}}/ id={name}", "DELETE", $"/v1/memories/{id}/", null, BadRequest);
            yield return new HostileCase($"GET /v1/memories/{{id}}/history/ id={name}", "GET", $"/v1/memories/{id}/history/", null, BadRequest);
        }

        // A user id is any text up to 256 characters without control characters: "12345" and "../reset" are valid ids;
        // a NUL never reaches routing (see above).
        // Percent-encoded bytes that are not UTF-8 stay as the literal text "%FF%FE" in a route value, a valid id too.
        var badUserIds = badIds.Where(b => b.Name is not ("not-a-uuid" or "traversal" or "invalid-utf8" or "encoded-surrogate"))
            .Concat(HostileValues.BadQueryIds.Where(b => !b.Encoded.Contains("%00", StringComparison.Ordinal)).Select(b => ("query-" + b.Name, b.Encoded)));
        foreach (var (name, id) in badUserIds)
        {
            yield return new HostileCase($"GET /users/{{id}}/export id={name}", "GET", $"/users/{id}/export", null, BadRequest);
            yield return new HostileCase($"DELETE /users/{{id}} id={name}", "DELETE", $"/users/{id}", null, BadRequest);
        }

        yield return new HostileCase("GET /users/{id}/export id=blank", "GET", "/users/%20%20/export", null, BadRequest);
        yield return new HostileCase("DELETE /users/{id} id=blank", "DELETE", "/users/%20%20", null, BadRequest);
        yield return new HostileCase("DELETE /users/{id} id=257-chars", "DELETE", $"/users/{new string('u', 257)}", null, BadRequest);
    }

    /// <summary>Query strings: bad ids on every route that takes a scope, and numbers, dates and JSON that do not parse.</summary>
    private static IEnumerable<HostileCase> QueryCases()
    {
        string[] scopeRoutes = ["GET /memories", "DELETE /memories", "GET /graph/relations", "GET /turns", "DELETE /v1/memories/"];
        foreach (var route in scopeRoutes)
        {
            var (method, path) = (route.Split(' ')[0], route.Split(' ')[1]);
            foreach (var (name, value) in HostileValues.BadQueryIds)
            {
                yield return new HostileCase($"{route} user_id={name}", method, $"{path}?user_id={value}", null, BadRequest);
                yield return new HostileCase($"{route} agent_id={name}", method, $"{path}?user_id={Seed}&agent_id={value}", null, BadRequest);
                yield return new HostileCase($"{route} run_id={name}", method, $"{path}?user_id={Seed}&run_id={value}", null, BadRequest);
            }

            yield return new HostileCase($"{route} no-scope", method, path, null, Unprocessable);
            yield return new HostileCase($"{route} user_id>256", method, $"{path}?user_id={new string('u', 257)}", null, BadRequest);
            yield return new HostileCase($"{route} user_id=blank", method, $"{path}?user_id=%20%20", null, BadRequest);
        }

        (string Name, string Query)[] bad =
        [
            ("GET /memories limit=abc", $"/memories?user_id={Seed}&limit=abc"),
            ("GET /memories limit=1e400", $"/memories?user_id={Seed}&limit=1e400"),
            ("GET /memories limit=20-digits", $"/memories?user_id={Seed}&limit=99999999999999999999"),
            ("GET /memories limit=negative", $"/memories?user_id={Seed}&limit=-1"),
            ("GET /memories limit=0", $"/memories?user_id={Seed}&limit=0"),
            ("GET /memories limit>max", $"/memories?user_id={Seed}&limit=1001"),
            ("GET /memories cursor=nul", $"/memories?user_id={Seed}&cursor=%00"),
            ("GET /memories cursor=garbage", $"/memories?user_id={Seed}&cursor=%%%"),
            ("GET /memories cursor=base64-nul", $"/memories?user_id={Seed}&cursor=AAAA"),
            ("GET /memories cursor=base64-huge-ticks", $"/memories?user_id={Seed}&cursor={Base64Url("99999999999999999999999:" + new string('0', 32))}"),
            ("GET /memories cursor=base64-bad-guid", $"/memories?user_id={Seed}&cursor={Base64Url("1:zz")}"),
            ("GET /memories cursor=base64-negative-ticks", $"/memories?user_id={Seed}&cursor={Base64Url("-1:" + new string('0', 32))}"),
            ("GET /memories filters=malformed", $"/memories?user_id={Seed}&filters=%7Bbroken"),
            ("GET /memories filters=array", $"/memories?user_id={Seed}&filters=%5B1%5D"),
            ("GET /memories filters=nul-value", $"/memories?user_id={Seed}&filters={Uri.EscapeDataString("{\"k\":\"a\\u0000b\"}")}"),
            ("GET /memories filters=surrogate-value", $"/memories?user_id={Seed}&filters={Uri.EscapeDataString("{\"k\":\"a\\ud800b\"}")}"),
            ("GET /memories filters=surrogate-key", $"/memories?user_id={Seed}&filters={Uri.EscapeDataString("{\"\\udc00\":\"v\"}")}"),
            ("GET /memories filters=nul-key", $"/memories?user_id={Seed}&filters={Uri.EscapeDataString("{\"k\\u0000\":\"v\"}")}"),
            ("GET /memories filters=surrogate-user_id", $"/memories?filters={Uri.EscapeDataString("{\"user_id\":\"\\ud800\"}")}"),
            ("GET /memories filters=nul-user_id", $"/memories?filters={Uri.EscapeDataString("{\"user_id\":\"\\u0000\"}")}"),
            ("GET /memories filters=deep", $"/memories?user_id={Seed}&filters={Uri.EscapeDataString(HostileValues.DeepObject(2_000))}"),
            ("GET /graph/relations as_of=nul", $"/graph/relations?user_id={Seed}&as_of=%00"),
            ("GET /graph/relations as_of=garbage", $"/graph/relations?user_id={Seed}&as_of=yesterday"),
            ("GET /graph/relations as_of=year-99999", $"/graph/relations?user_id={Seed}&as_of=99999-01-01"),
            ("GET /graph/relations history=maybe", $"/graph/relations?user_id={Seed}&history=maybe"),
            ("GET /turns limit=0", $"/turns?user_id={Seed}&limit=0"),
            ("GET /turns limit>max", $"/turns?user_id={Seed}&limit=5001"),
            ("GET /turns limit=20-digits", $"/turns?user_id={Seed}&limit=99999999999999999999"),
            ("GET /turns after_seq=1e400", $"/turns?user_id={Seed}&after_seq=1e400"),
            ("GET /turns after_seq=20-digits", $"/turns?user_id={Seed}&after_seq=99999999999999999999"),
            ("GET /turns since=garbage", $"/turns?user_id={Seed}&since=yesterday"),
            ("GET /turns since=nul", $"/turns?user_id={Seed}&since=%00"),
            ("GET /turns/scopes after_seq=abc", "/turns/scopes?after_seq=abc"),
            ("GET /turns/scopes after_seq=20-digits", "/turns/scopes?after_seq=99999999999999999999"),
            ("GET /turns/scopes before=garbage", "/turns/scopes?before=tomorrow"),
            ("GET /turns/scopes before=nul", "/turns/scopes?before=%00"),
            ("DELETE /jobs/hostile/lease holder=nul", "/jobs/hostile/lease?holder=%00&token=1"),
            ("DELETE /jobs/hostile/lease holder=missing", "/jobs/hostile/lease?token=1"),
            ("DELETE /jobs/hostile/lease token=missing", "/jobs/hostile/lease?holder=h1"),
            ("DELETE /jobs/hostile/lease token=0", "/jobs/hostile/lease?holder=h1&token=0"),
            ("DELETE /jobs/hostile/lease token=abc", "/jobs/hostile/lease?holder=h1&token=abc"),
            ("DELETE /jobs/hostile/lease token=20-digits", "/jobs/hostile/lease?holder=h1&token=99999999999999999999"),
            ("DELETE /v1/memories/ app_id=nul", $"/v1/memories/?user_id={Seed}&app_id=%00"),
            ("DELETE /v1/memories/ session_id=nul", $"/v1/memories/?user_id={Seed}&session_id=%00"),
            ("DELETE /v1/entities/user/{escape}", "/v1/entities/user/a%1Bb"),
            ("DELETE /v2/entities/user/{soh}", "/v2/entities/user/%01"),
            ("DELETE /v1/entities/planet/x", "/v1/entities/planet/x"),
        ];

        foreach (var (name, query) in bad)
        {
            yield return new HostileCase(name, name.Split(' ')[0], query, null, BadRequest);
        }

        foreach (var (name, query) in new[] { ("page=0", "page=0"), ("page=abc", "page=abc"), ("page_size=abc", "page_size=abc"), ("page_size=20-digits", "page_size=99999999999999999999"), ("page_size=0", "page_size=0") })
        {
            yield return new HostileCase($"POST /v3/memories/ {name}", "POST", $"/v3/memories/?{query}", Mem0List.Valid, BadRequest);
        }

        // wait is bounded (30 s) and must be a duration; checked before the id, so an unknown id does not hide it.
        var someEvent = Guid.NewGuid();
        foreach (var (name, wait) in new[] { ("abc", "abc"), ("nul", "%00"), ("1e400", "1e400"), ("negative", "-1"), ("31s", "31s"), ("NaN", "NaN"), ("Infinity", "Infinity"), ("20-digits", "99999999999999999999ms") })
        {
            yield return new HostileCase($"GET /events/{{id}} wait={name}", "GET", $"/events/{someEvent}?wait={wait}", null, BadRequest);
            yield return new HostileCase($"GET /v1/event/{{id}}/ wait={name}", "GET", $"/v1/event/{someEvent}/?wait={wait}", null, BadRequest);
        }

        yield return new HostileCase("POST /memories async=maybe", "POST", "/memories?async=maybe", Add.Valid, BadRequest);
    }

    /// <summary>Idempotency-Key values that are not keys: 400 before anything runs, on every add route.</summary>
    private static IEnumerable<HostileCase> HeaderCases()
    {
        (string Name, string Value)[] badKeys =
        [
            ("space", "a b"),
            ("too-long", new string('k', 256)),
            ("non-ascii", "cl\u00e9"),
            ("control", "a\u0001b"),
        ];
        foreach (var route in new[] { Add, AsyncAdd, Mem0AsyncAdd })
        {
            foreach (var (name, value) in badKeys)
            {
                yield return new HostileCase(Key(route, $"Idempotency-Key={name}"), route.Method, route.Path, route.Valid, BadRequest)
                {
                    Headers = [("Idempotency-Key", System.Text.RegularExpressions.Regex.Unescape(value))],
                };
            }
        }
    }

    /// <summary>Admin routes with the app key, unknown routes and wrong methods: problems too, and no side effects.</summary>
    private static IEnumerable<HostileCase> RouteCases()
    {
        yield return new HostileCase("POST /reset with the app key", "POST", "/reset", """{"confirm":true}""", 403);
        yield return new HostileCase("POST /reset with the app key and a NUL body", "POST", "/reset", """{"confirm":"\u0000"}""", 403);
        yield return new HostileCase("POST /admin/graph/rebuild with the app key", "POST", "/admin/graph/rebuild", null, 403);
        yield return new HostileCase("POST /admin/keys with the app key", "POST", "/admin/keys", """{"name":"x","role":"admin"}""", 403);
        yield return new HostileCase("GET /admin/keys with the app key", "GET", "/admin/keys", null, 403);
        yield return new HostileCase("DELETE /admin/keys/{id} with the app key", "DELETE", "/admin/keys/bootstrap-admin", null, 403);
        yield return new HostileCase("GET /memories/{seed}/unknown", "GET", "/memories/{seed}/unknown", null, 404);
        yield return new HostileCase("GET /unknown", "GET", "/unknown", null, 404);
        yield return new HostileCase("PATCH /memories/{seed}", "PATCH", "/memories/{seed}", """{"text":"x"}""", 405);
        yield return new HostileCase("PUT /memories", "PUT", "/memories", """{"text":"x"}""", 405);
        yield return new HostileCase("DELETE /search", "DELETE", "/search", null, 405);
        yield return new HostileCase("POST /users/{id}/export", "POST", "/users/hostile-seed/export", "{}", 405);
        yield return new HostileCase("PUT /users/{id}", "PUT", "/users/hostile-seed", "{}", 405);
        yield return new HostileCase("DELETE /v1/memories/{seed}/history/", "DELETE", "/v1/memories/{seed}/history/", null, 405);
    }

    /// <summary>A readable case name for a whole-body case: the body without the valid parts every case shares, unquoted.</summary>
    private static string Short(string json)
    {
        foreach (var common in new[] { "\"messages\":\"I like tea.\",", "\"user_id\":\"hostile-seed\",", "\"user_id\":\"hostile-seed\"", "\"query\":\"tea\",", "\"holder\":\"h1\"," })
        {
            json = json.Replace(common, string.Empty, StringComparison.Ordinal);
        }

        json = json.Replace("\"", string.Empty, StringComparison.Ordinal);
        return json.Length <= 2 ? "body={}" : json[1..^1];
    }

    /// <summary>The valid body with raw bytes at the start of its first string value, a field the route reads.</summary>
    private static byte[] IntoFirstString(string json, byte[] bytes)
    {
        var at = json.IndexOf(":\"", StringComparison.Ordinal) + 2;
        return [.. Encoding.UTF8.GetBytes(json[..at]), .. bytes, .. Encoding.UTF8.GetBytes(json[at..])];
    }

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
