using System.Net;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api.Security;

/// <summary>Per-key rate limits: 429 problem with Retry-After, one key's exhaustion leaves other keys and the other
/// kind of route alone. Small windows configured here; the defaults are generous.</summary>
public sealed class RateLimitApiTests : MemoryApiTestBase
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:Write:PermitLimit"] = "3",
        ["RateLimits:Write:WindowSeconds"] = "120",
        ["RateLimits:Read:PermitLimit"] = "4",
        ["RateLimits:Read:WindowSeconds"] = "120",
        ["Auth:ApiKeys:0"] = "second-app-key",
    };

    [Fact]
    public async Task Exhausting_one_keys_writes_gets_429_with_retry_after_and_leaves_other_keys_and_reads_alone()
    {
        for (var i = 0; i < 3; i++)
        {
            await AddAsync(new { messages = $"Fact number {i}.", user_id = "ana", infer = false });
        }

        using var refused = await Client.PostJsonAsync("/memories", new { messages = "One too many.", user_id = "ana", infer = false });
        var detail = await refused.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 120);
        Assert.Contains("retry after", detail, StringComparison.Ordinal);
        using var refusedMem0 = await Client.PostJsonAsync("/v3/memories/add/", new { messages = "Also too many.", user_id = "ana", infer = false });
        await refusedMem0.ReadProblemAsync(HttpStatusCode.TooManyRequests);

        using var other = Factory.CreateAuthorizedClient("second-app-key");
        await (await other.PostJsonAsync("/memories", new { messages = "Another key's fact.", user_id = "bob", infer = false })).ReadJsonAsync();
        Assert.Equal(3, (await ListAsync("user_id=ana")).Length);
        Assert.Single(await SearchAsync(new { query = "fact number 1", user_id = "ana", limit = 1 }));
    }

    [Fact]
    public async Task Mcp_tool_calls_count_as_the_requests_they_are_writes_against_writes_and_reads_against_reads()
    {
        async Task<(HttpStatusCode Status, string Body)> CallAsync(string tool, Dictionary<string, object?> arguments)
        {
            using var request = Isolation.McpProbeWire.Request(new Isolation.McpToolCall(tool, arguments), 1);
            using var response = await Client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        for (var i = 0; i < 3; i++)
        {
            var (status, body) = await CallAsync("add_memory", new() { ["text"] = $"Fact number {i}.", ["user_id"] = "ana", ["infer"] = false });
            Assert.Equal(200, Isolation.McpProbeWire.Status((int)status, body));
        }

        // The fourth write, as a tool call or as a route: the write window is used up.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await CallAsync("add_memory", new() { ["text"] = "One too many.", ["user_id"] = "ana", ["infer"] = false })).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Client.PostJsonAsync("/memories", new { messages = "Also too many.", user_id = "ana", infer = false })).StatusCode);

        // Reading tools (and tools/list) draw on the read window: 4 reads pass, the fifth does not.
        for (var i = 0; i < 4; i++)
        {
            var (status, body) = await CallAsync("search_memories", new() { ["query"] = "fact", ["user_id"] = "ana" });
            Assert.Equal(200, Isolation.McpProbeWire.Status((int)status, body));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await CallAsync("get_memories", new() { ["user_id"] = "ana" })).Status);
    }

    [Fact]
    public async Task Reads_have_their_own_window_and_search_counts_as_a_read()
    {
        await AddAsync(new { messages = "I like tea.", user_id = "ana", infer = false });
        for (var i = 0; i < 3; i++)
        {
            await ListAsync("user_id=ana");
        }

        await SearchAsync(new { query = "tea", user_id = "ana" });

        using var refused = await Client.GetAsync("/memories?user_id=ana");
        await refused.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter is not null);
        await AddAsync(new { messages = "Writes still go through.", user_id = "ana", infer = false });
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Bad_keys_are_counted_per_client_address_so_guessing_keys_is_limited_too()
    {
        using var guesser = Factory.CreateAuthorizedClient("wrong-key");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await guesser.PostJsonAsync("/memories", new { messages = "x", user_id = "ana" })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        await AddAsync(new { messages = "The real key is unaffected.", user_id = "ana", infer = false });
    }
}
