namespace MemoryTests.Api.Hostile;

/// <summary>
/// POST /admin/import: a bad line inside a file is the import's own business (reported by number in a 200 answer, see
/// ImportApiTests); what must be a problem is a bad request: the app key, a content type or format it cannot read, query
/// values that do not parse, and a "JSON array" body that is no array at all. Sent with the admin key unless said.
/// </summary>
internal static class HostileImportCases
{
    private const string Path = "/admin/import";
    private const string Line = """{"memory":"I like tea.","user_id":"hostile-seed"}""";

    public static IEnumerable<HostileCase> All()
    {
        yield return new HostileCase($"POST {Path} with the app key", "POST", Path, Line, 403) { ContentType = "application/x-ndjson" };
        foreach (var contentType in new[] { "text/plain", "text/csv", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x" })
        {
            yield return Admin($"content-type={contentType}", Path, Line, 415, contentType);
        }

        yield return Admin("content-type=none", Path, Line, 415, null);
        (string Name, string Query)[] badQueries =
        [
            ("format=xml", "format=xml"), ("format=nul", "format=%00"), ("format=JSONL", "format=JSONL"),
            ("on_error=maybe", "on_error=maybe"), ("on_error=surrogate", "on_error=%ED%A0%80"),
            ("batch_size=abc", "batch_size=abc"), ("batch_size=0", "batch_size=0"), ("batch_size=-1", "batch_size=-1"),
            ("batch_size=1e400", "batch_size=1e400"), ("batch_size=20-digits", "batch_size=99999999999999999999"),
            ("batch_size>max", "batch_size=50001"), ("defer_index=yes", "defer_index=yes"), ("defer_index=nul", "defer_index=%00"),
        ];
        foreach (var (name, query) in badQueries)
        {
            yield return Admin(name, $"{Path}?{query}", Line, 400, "application/x-ndjson");
        }

        foreach (var (name, body) in new[] { ("object", "{\"results\":[" + Line + "]}"), ("number", "42"), ("string", "\"tea\""), ("null", "null"), ("empty", ""), ("truncated", "[{"), ("bare-word", "tea") })
        {
            yield return Admin($"json body={name}", Path, body, 400, "application/json");
        }

        yield return new HostileCase($"POST {Path} json body=invalid-utf8", "POST", Path, null, 400)
        {
            Admin = true, RawBody = [(byte)'[', 0xFF, 0xFE, (byte)']'],
        };
    }

    private static HostileCase Admin(string what, string path, string body, int expected, string? contentType) =>
        new($"POST {Path} {what}", "POST", path, body, expected) { Admin = true, ContentType = contentType };
}
