using System.Diagnostics;
using System.Net.Http.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api.Security;

/// <summary>Who did it, over HTTP: each history row names the key (its id, never the secret) and the caller's trace.</summary>
public abstract class ChangeActorApiTests : MemoryApiTestBase
{
    [Fact]
    public async Task History_rows_name_the_key_id_and_the_trace_id_of_the_requests_traceparent()
    {
        var addTrace = ActivityTraceId.CreateRandom();
        using var add = new HttpRequestMessage(HttpMethod.Post, "/memories")
        {
            Content = JsonContent.Create(new { messages = "I live in Lisbon.", user_id = "ana", infer = false }),
        };
        add.Headers.Add("traceparent", $"00-{addTrace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var id = (await (await Client.SendAsync(add)).ReadJsonAsync()).Results()[0].Str("id");

        var updateTrace = ActivityTraceId.CreateRandom();
        using var admin = Factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey);
        using var update = new HttpRequestMessage(HttpMethod.Put, $"/memories/{id}") { Content = JsonContent.Create(new { text = "I live in Porto." }) };
        update.Headers.Add("traceparent", $"00-{updateTrace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-00");
        await (await admin.SendAsync(update)).ReadJsonAsync();

        var history = (await (await Client.GetAsync($"/memories/{id}/history")).ReadJsonAsync()).Results();
        Assert.Equal(
            [("bootstrap-app", addTrace.ToHexString()), ("bootstrap-admin", updateTrace.ToHexString())],
            history.Select(h => (h.Str("actor_key_id"), h.Str("trace_id"))));
        var mem0 = await (await Client.GetAsync($"/v1/memories/{id}/history/")).ReadJsonAsync();
        Assert.Equal(
            ["bootstrap-app", "bootstrap-admin"],
            mem0.EnumerateArray().Select(h => h.Str("actor_key_id")));
        Assert.Equal(updateTrace.ToHexString(), mem0[1].Str("trace_id"));
        var raw = await (await Client.GetAsync($"/memories/{id}/history")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(MemoryApiFactory.AppKey, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(MemoryApiFactory.AdminKey, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_without_traceparent_still_gets_a_trace_id_of_its_own()
    {
        var id = (await AddAsync(new { messages = "I like tea.", user_id = "ana", infer = false }))[0].Str("id");

        var row = (await (await Client.GetAsync($"/memories/{id}/history")).ReadJsonAsync()).Results()[0];

        Assert.Equal("bootstrap-app", row.Str("actor_key_id"));
        Assert.Matches("^[0-9a-f]{32}$", row.Str("trace_id"));
    }
}

public sealed class SqliteChangeActorApiTests : ChangeActorApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresChangeActorApiTests : ChangeActorApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
