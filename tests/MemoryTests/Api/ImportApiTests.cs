using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api;

/// <summary>POST /admin/import over HTTP on both stores: admin only, JSON Lines and a Mem0-style JSON array, counts with
/// line numbers, idempotent re-posts, a body far above the normal request limit, and RFC 7807 problems for bad requests.</summary>
public abstract class ImportApiTests : MemoryApiTestBase
{
    [Fact]
    public async Task A_JSON_Lines_file_is_imported_counted_and_searchable_and_posting_it_again_adds_nothing()
    {
        using var admin = Factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey);
        var file = string.Join("\n",
            """{"memory":"I like green tea.","user_id":"ana","metadata":{"source":"mem0"}}""",
            """{"memory":"My dog is called Rex.","user_id":"ana","agent_id":"helper"}""",
            "garbage",
            """{"memory":"I like green tea.","user_id":"ana"}""");

        var first = await (await PostAsync(admin, "/admin/import", file, "application/x-ndjson")).ReadJsonAsync();
        var again = await (await PostAsync(admin, "/admin/import", file, "application/x-ndjson")).ReadJsonAsync();

        Assert.Equal((4, 2, 1, 1), Counts(first));
        Assert.Equal(3, first.GetProperty("rejections")[0].GetProperty("line").GetInt32());
        Assert.Equal((4, 0, 3, 1), Counts(again));
        var listed = await ListAsync("user_id=ana");
        Assert.Equal(["I like green tea.", "My dog is called Rex."], listed.Select(m => m.Str("memory")).Order(StringComparer.Ordinal));
        var tea = listed.Single(m => m.Str("memory") == "I like green tea.");
        var added = (await (await Client.GetAsync($"/memories/{tea.Str("id")}/history")).ReadJsonAsync()).Results()[0];
        Assert.Equal(("ADD", "bootstrap-admin"), (added.Str("event"), added.Str("actor_key_id")));
        Assert.Matches("^[0-9a-f]{32}$", added.Str("trace_id"));
        var found = await SearchAsync(new { query = "green tea", user_id = "ana", limit = 1 });
        Assert.Equal("I like green tea.", found[0].Str("memory"));
    }

    [Fact]
    public async Task A_Mem0_get_all_results_array_is_imported_with_its_ids_and_times()
    {
        using var admin = Factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey);
        const string Mem0Results = """
            [{"id":"0b1f4b47-8a47-4d5e-9a0c-6f3f3f0c2b10","memory":"Prefers morning meetings","hash":"x","metadata":null,"categories":["work"],
              "created_at":"2024-07-20T01:56:07.219475-07:00","updated_at":"2024-07-21T10:00:00-07:00","user_id":"arjun","owner":"someone","immutable":false}]
            """;

        var result = await (await PostAsync(admin, "/admin/import", Mem0Results, "application/json")).ReadJsonAsync();

        Assert.Equal((1, 1, 0, 0), Counts(result));
        var memory = await (await Client.GetAsync("/memories/0b1f4b47-8a47-4d5e-9a0c-6f3f3f0c2b10")).ReadJsonAsync();
        Assert.Equal(("Prefers morning meetings", "arjun", "work"), (memory.Str("memory"), memory.Str("user_id"), memory.GetProperty("metadata").GetProperty("categories")[0].GetString()));
        Assert.Equal(new DateTimeOffset(2024, 7, 20, 8, 56, 7, TimeSpan.Zero).AddTicks(2194750), memory.GetProperty("created_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_file_larger_than_the_request_limit_streams_through()
    {
        using var admin = Factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey);
        var file = new StringBuilder();
        for (var i = 0; i < 3_000; i++)
        {
            file.Append("{\"memory\":\"Fact number ").Append(i).Append(" about the garden and its many flowers.\",\"user_id\":\"u").Append(i % 7).Append("\"}\n");
        }

        Assert.True(file.Length > 65_536, "over Memory:MaxRequestBytes of the test factory");

        var result = await (await PostAsync(admin, "/admin/import?batch_size=500", file.ToString(), "application/jsonl")).ReadJsonAsync();

        Assert.Equal((3_000, 3_000, 0, 0), Counts(result));
    }

    [Fact]
    public async Task Bad_requests_are_problems_and_store_nothing()
    {
        using var admin = Factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey);
        const string Line = """{"memory":"I like green tea.","user_id":"ana"}""";

        await (await PostAsync(Client, "/admin/import", Line, "application/x-ndjson")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await PostAsync(admin, "/admin/import", Line, "text/csv")).ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await PostAsync(admin, "/admin/import?format=xml", Line, "application/x-ndjson")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await PostAsync(admin, "/admin/import?batch_size=0", Line, "application/x-ndjson")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await PostAsync(admin, "/admin/import?on_error=maybe", Line, "application/x-ndjson")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await PostAsync(admin, "/admin/import", "{\"results\":[" + Line + "]}", "application/json")).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Empty(await ListAsync("user_id=ana"));
    }

    [Fact]
    public async Task On_error_stop_keeps_the_lines_before_and_says_it_stopped()
    {
        using var admin = Factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey);
        var file = "{\"memory\":\"One.\",\"user_id\":\"ana\"}\n{\"memory\":\"Two.\"}\n{\"memory\":\"Three.\",\"user_id\":\"ana\"}\n";

        var result = await (await PostAsync(admin, "/admin/import?on_error=stop", file, "application/x-ndjson")).ReadJsonAsync();

        Assert.Equal((2, 1, 0, 1), Counts(result));
        Assert.True(result.GetProperty("stopped").GetBoolean());
        Assert.Equal(["One."], (await ListAsync("user_id=ana")).Select(m => m.Str("memory")));
    }

    private static (int Lines, int Imported, int Duplicates, int Rejected) Counts(JsonElement result) => (
        result.GetProperty("lines").GetInt32(), result.GetProperty("imported").GetInt32(),
        result.GetProperty("duplicates").GetInt32(), result.GetProperty("rejected").GetInt32());

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string body, string contentType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return client.PostAsync(path, content);
    }
}

public sealed class SqliteImportApiTests : ImportApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresImportApiTests : ImportApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
