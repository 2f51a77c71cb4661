using System.Net;
using System.Text;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api;

/// <summary>Every bad input gets a problem-details answer with the right status, never a 500, and changes nothing.</summary>
public abstract class BadInputTests : MemoryApiTestBase
{
    private static readonly string LongText = new('x', 2001);
    private static readonly string ManyMessages = "[" + string.Join(",", Enumerable.Range(0, 21).Select(i => $$"""{"role":"user","content":"m{{i}}"}""")) + "]";
    private static readonly string BigMetadata = "{" + string.Join(",", Enumerable.Range(0, 80).Select(i => $"\"key{i}\":\"value value value {i}\"")) + "}";

    public static TheoryData<string, string, string?, HttpStatusCode> Cases => new()
    {
        { "POST", "/memories", "{not json", HttpStatusCode.BadRequest },
        { "POST", "/memories", "", HttpStatusCode.BadRequest },
        { "POST", "/memories", """{"messages":"I like tea.","user_id":5}""", HttpStatusCode.BadRequest },
        { "POST", "/memories", """{"messages":"I like tea.","user_id":"ana","infer":"yes"}""", HttpStatusCode.BadRequest },
        { "POST", "/memories", """{"messages":"I like tea.","user_id":"ana","metadata":[1,2]}""", HttpStatusCode.BadRequest },
        { "POST", "/memories", """{"messages":42,"user_id":"ana"}""", HttpStatusCode.BadRequest },
        { "POST", "/memories", """{"messages":[{"role":"user"}],"user_id":"ana"}""", HttpStatusCode.BadRequest },
        { "POST", "/memories", """{"messages":[{"role":"robot","content":"hi"}],"user_id":"ana"}""", HttpStatusCode.BadRequest },
        { "POST", "/memories", """{"messages":[{"role":"user","content":[{"type":"text"}]}],"user_id":"ana"}""", HttpStatusCode.BadRequest },
        { "POST", "/memories", """{"messages":[],"user_id":"ana"}""", HttpStatusCode.BadRequest },
        { "POST", "/memories", """{"user_id":"ana"}""", HttpStatusCode.BadRequest },
        { "POST", "/memories", """{"messages":"I like tea.","user_id":"  "}""", HttpStatusCode.BadRequest },
        { "POST", "/memories", """{"messages":"I like tea."}""", HttpStatusCode.UnprocessableEntity },
        { "POST", "/memories", $$"""{"messages":{{ManyMessages}},"user_id":"ana"}""", HttpStatusCode.RequestEntityTooLarge },
        { "POST", "/memories", $$"""{"messages":"{{LongText}}","user_id":"ana"}""", HttpStatusCode.RequestEntityTooLarge },
        { "POST", "/memories", $$"""{"messages":"I like tea.","user_id":"ana","metadata":{{BigMetadata}}}""", HttpStatusCode.RequestEntityTooLarge },
        { "POST", "/memories", $$"""{"messages":"{{new string('y', 70_000)}}","user_id":"ana"}""", HttpStatusCode.RequestEntityTooLarge },
        { "POST", "/search", """{"query":"tea"}""", HttpStatusCode.UnprocessableEntity },
        { "POST", "/search", """{"query":"","user_id":"ana"}""", HttpStatusCode.BadRequest },
        { "POST", "/search", """{"query":"tea","user_id":"ana","limit":0}""", HttpStatusCode.BadRequest },
        { "POST", "/search", """{"query":"tea","user_id":"ana","limit":101}""", HttpStatusCode.BadRequest },
        { "POST", "/search", """{"query":"tea","user_id":"ana","threshold":1.5}""", HttpStatusCode.BadRequest },
        { "POST", "/search", """{"query":"tea","user_id":"ana","filters":{"x":{"like":"y"}}}""", HttpStatusCode.BadRequest },
        { "POST", "/search", """{"query":"tea","user_id":"ana","filters":{"user_id":"bob"}}""", HttpStatusCode.BadRequest },
        { "GET", "/memories?user_id=ana&limit=abc", null, HttpStatusCode.BadRequest },
        { "GET", "/memories?user_id=ana&limit=0", null, HttpStatusCode.BadRequest },
        { "GET", "/memories?user_id=ana&cursor=%%%", null, HttpStatusCode.BadRequest },
        { "GET", "/memories?user_id=ana&filters=%7Bbroken", null, HttpStatusCode.BadRequest },
        { "GET", "/memories", null, HttpStatusCode.UnprocessableEntity },
        { "GET", "/memories/not-a-uuid", null, HttpStatusCode.BadRequest },
        { "GET", "/memories/00000000-0000-0000-0000-000000000001", null, HttpStatusCode.NotFound },
        { "GET", "/memories/00000000-0000-0000-0000-000000000001/history", null, HttpStatusCode.NotFound },
        { "GET", "/memories/12345/history", null, HttpStatusCode.BadRequest },
        { "PUT", "/memories/not-a-uuid", """{"text":"x"}""", HttpStatusCode.BadRequest },
        { "PUT", "/memories/00000000-0000-0000-0000-000000000001", """{"text":"x"}""", HttpStatusCode.NotFound },
        { "DELETE", "/memories/not-a-uuid", null, HttpStatusCode.BadRequest },
        { "DELETE", "/memories?agent_id=", null, HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_a_problem_and_changes_nothing(string method, string path, string? body, HttpStatusCode expected)
    {
        var seeded = Assert.Single(await AddAsync(new { messages = "I live in Oslo.", user_id = "ana" }));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var detail = await (await Client.SendAsync(request)).ReadProblemAsync(expected);

        Assert.False(string.IsNullOrWhiteSpace(detail));
        var after = await ListAsync("user_id=ana");
        Assert.Equal(seeded.Str("id"), Assert.Single(after).Str("id"));
        Assert.Equal("I live in Oslo.", after[0].Str("memory"));
    }

    [Fact]
    public async Task Update_of_an_existing_memory_with_bad_input_changes_nothing()
    {
        var id = Assert.Single(await AddAsync(new { messages = "I live in Oslo.", user_id = "ana" })).Str("id");

        await (await Client.PutAsync($"/memories/{id}", new StringContent("{}", Encoding.UTF8, "application/json"))).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.PutAsync($"/memories/{id}", new StringContent("""{"text":"   "}""", Encoding.UTF8, "application/json"))).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.PutAsync($"/memories/{id}", new StringContent("""{"text": 12}""", Encoding.UTF8, "application/json"))).ReadProblemAsync(HttpStatusCode.BadRequest);

        var history = (await (await Client.GetAsync($"/memories/{id}/history")).ReadJsonAsync()).Results();
        Assert.Equal("ADD", Assert.Single(history).Str("event"));
    }

    [Fact]
    public async Task Wrong_content_type_is_415()
    {
        await (await Client.PostAsync("/memories", new StringContent("messages=hi", Encoding.UTF8, "text/plain")))
            .ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }
}

public sealed class SqliteBadInputTests : BadInputTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresBadInputTests : BadInputTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
