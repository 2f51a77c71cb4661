using System.Net;
using System.Text.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api;

/// <summary>Idempotency-Key on the add routes (native and Mem0, sync and async), on both stores.</summary>
public abstract class IdempotencyApiTests : MemoryApiTestBase
{
    protected override IDictionary<string, string?>? Settings => AsyncAddApiTests.FastWorkers;

    private Task<HttpResponseMessage> PostAsync(string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return Client.SendAsync(request);
    }

    [Fact]
    public async Task A_retried_sync_add_gets_the_first_answer_and_writes_once()
    {
        var body = new { messages = "I like tea.", user_id = "ana", infer = false };
        var first = await PostAsync("/memories", body, "key-1");
        var retry = await PostAsync("/memories", body, "key-1");
        var firstBody = await first.Content.ReadAsStringAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retry.StatusCode));
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());
        Assert.Single(JsonDocument.Parse(firstBody).RootElement.Results());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Single(await ListAsync("user_id=ana"));
        var history = await (await Client.GetAsync($"/memories/{(await ListAsync("user_id=ana"))[0].Str("id")}/history")).ReadJsonAsync();
        Assert.Single(history.Results());
    }

    [Fact]
    public async Task The_same_key_with_another_request_is_a_422_and_changes_nothing()
    {
        await (await PostAsync("/memories", new { messages = "I like tea.", user_id = "ana", infer = false }, "key-1")).ReadJsonAsync();

        var detail = await (await PostAsync("/memories", new { messages = "I like coffee.", user_id = "ana", infer = false }, "key-1")).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("different request", detail);
        Assert.Equal(["I like tea."], (await ListAsync("user_id=ana")).Select(m => m.Str("memory")));
    }

    [Fact]
    public async Task Concurrent_duplicates_write_once_and_each_gets_the_answer_or_a_409()
    {
        var texts = Enumerable.Range(0, 5).Select(i => new { role = "user", content = $"Note {i}." }).ToArray();
        var body = new { messages = texts, user_id = "ana", infer = false };

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => PostAsync("/memories", body, "dup-key"))));

        var ok = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.NotEmpty(ok);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var bodies = await Task.WhenAll(ok.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Single(ok, r => !r.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(5, (await ListAsync("user_id=ana")).Length);
    }

    [Fact]
    public async Task A_failed_request_frees_its_key_so_the_corrected_retry_runs()
    {
        await (await PostAsync("/memories", new { messages = "I like tea." }, "key-1")).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);

        await (await PostAsync("/memories", new { messages = "I like tea.", user_id = "ana", infer = false }, "key-1")).ReadJsonAsync();

        Assert.Single(await ListAsync("user_id=ana"));
    }

    [Fact]
    public async Task A_retried_async_add_gets_the_same_event_and_queues_once()
    {
        var body = new { messages = "I like tea.", user_id = "ana", infer = false };
        var first = await PostAsync("/memories?async=true", body, "key-1");
        var retry = await PostAsync("/memories?async=true", body, "key-1");
        var sync = await PostAsync("/memories", body, "key-1");

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, retry.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        await sync.ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        var done = await (await Client.GetAsync(first.Headers.Location + "?wait=20s")).ReadJsonAsync();
        Assert.Equal("SUCCEEDED", done.Str("status"));
        Assert.Single(await ListAsync("user_id=ana"));
    }

    [Fact]
    public async Task Mem0_adds_honour_the_key_too_and_keys_of_different_api_keys_do_not_meet()
    {
        var body = new { messages = "I like tea.", user_id = "ana", infer = false, async_mode = true };
        var first = await (await PostAsync("/v3/memories/add/", body, "key-1")).ReadJsonAsync(HttpStatusCode.Accepted);
        var retry = await (await PostAsync("/v3/memories/add/", body, "key-1")).ReadJsonAsync(HttpStatusCode.Accepted);
        using var other = Factory.CreateAuthorizedClient(AsyncAddApiTests.OtherKey);
        var request = new HttpRequestMessage(HttpMethod.Post, "/v3/memories/add/") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", "key-1");
        var otherCaller = await (await other.SendAsync(request)).ReadJsonAsync(HttpStatusCode.Accepted);

        Assert.Equal(first.Str("event_id"), retry.Str("event_id"));
        Assert.NotEqual(first.Str("event_id"), otherCaller.Str("event_id"));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("é")]
    public async Task A_malformed_key_is_a_400(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/memories") { Content = System.Net.Http.Json.JsonContent.Create(new { messages = "I like tea.", user_id = "ana" }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        await (await Client.SendAsync(request)).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty(await ListAsync("user_id=ana"));
    }
}

public sealed class SqliteIdempotencyApiTests : IdempotencyApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresIdempotencyApiTests : IdempotencyApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
