using System.Net;
using MemoryTests.Api.Security;
using MemoryTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MemoryTests.Api.Mem0Routes;

/// <summary>
/// The Mem0 routes' edges that no client exercises: an unserved /v1-/v3 route answers a problem naming the closest
/// route and leaves one warning per route and key; GET /v1/events/ shows a key its own events and an admin its tenant's,
/// never another tenant's; fields the clients send that mean nothing here are dropped, never stored or echoed.
/// </summary>
public abstract class Mem0RoutesApiTests : TenantApiTestBase
{
    private readonly LogCapture _logs = new();

    protected override Action<IServiceCollection>? TestServices => services => services.AddSingleton<ILoggerProvider>(_logs);

    [Fact]
    public async Task An_unserved_route_is_a_problem_naming_the_closest_route_and_is_logged_once_per_route_and_key()
    {
        var detail = await (await Client.PostJsonAsync("/v1/memroies/search/", new { query = "x" })).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("POST /v1/memroies/search/ is not a route of this service", detail);
        Assert.Contains("closest supported route is POST /v1/memories/search/", detail);
        // A typo the {memoryId} routes match: 405 (they exist with other methods), and the route that was meant.
        var typo = await (await Client.PostJsonAsync("/v1/memories/serch/", new { query = "x" })).ReadProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.Contains("closest supported route is POST /v1/memories/search/", typo);

        var wrongMethod = await Client.PostJsonAsync("/v1/memories/0195c9b0-0000-7000-8000-000000000000/", new { text = "x" });
        Assert.Equal(["DELETE", "GET", "PUT"], wrongMethod.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Contains("POST is not supported on /v1/memories/{memoryId}/; it accepts GET, PUT, DELETE", await wrongMethod.ReadProblemAsync(HttpStatusCode.MethodNotAllowed));
        await (await Client.GetAsync("/v3/nothing")).ReadProblemAsync(HttpStatusCode.NotFound);

        // Again with the same key: answered the same, not logged again; another key's first call is logged.
        await (await Client.PostJsonAsync("/v1/memroies/search/", new { query = "x" })).ReadProblemAsync(HttpStatusCode.NotFound);
        var other = await CreateKeyAsync(new { name = "other", role = "write", tenant = "default" });
        using var otherClient = Factory.CreateAuthorizedClient(other.Str("secret"));
        await (await otherClient.PostJsonAsync("/v1/memroies/search/", new { query = "x" })).ReadProblemAsync(HttpStatusCode.NotFound);

        var warnings = _logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains("Unsupported Mem0 route", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Equal(2, warnings.Count(w => w.Contains("POST /v1/memroies/search/", StringComparison.Ordinal)));
        Assert.Single(warnings, w => w.Contains("/v1/memroies/search/", StringComparison.Ordinal) && w.Contains("key bootstrap-app", StringComparison.Ordinal));
        Assert.Single(warnings, w => w.Contains("/v1/memroies/search/", StringComparison.Ordinal) && w.Contains($"key {other.Str("id")}", StringComparison.Ordinal));
        Assert.Equal(2, warnings.Count(w => w.Contains("405", StringComparison.Ordinal)));
        Assert.Single(warnings, w => w.Contains("GET /v3/nothing", StringComparison.Ordinal));
        // The key is named by its id, never by its secret.
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains(MemoryApiFactory.AppKey, StringComparison.Ordinal) || e.Message.Contains(other.Str("secret"), StringComparison.Ordinal));

        // Without a key, the usual 401: the route list is not shown to strangers.
        using var anonymous = Factory.CreateClient();
        await (await anonymous.GetAsync("/v1/nothing/")).ReadProblemAsync(HttpStatusCode.Unauthorized);

        // A served route and method with a body that is not JSON: still the 415 routing answers, not a 405.
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["query"] = "x" });
        Assert.Contains("application/json", await (await Client.PostAsync("/v1/memories/search/", form)).ReadProblemAsync(HttpStatusCode.UnsupportedMediaType));
    }

    [Fact]
    public async Task Events_list_a_keys_own_events_and_an_admins_tenant_never_another_tenants()
    {
        var writer = await KeyAsync("t1");
        var colleague = await KeyAsync("t1");
        var admin = await KeyAsync("t1", "admin");
        var stranger = await KeyAsync("t2", "admin");
        var mine = await QueueAsync(writer, "I like tea.");
        var mine2 = await QueueAsync(writer, "I like cake.");
        var theirs = await QueueAsync(colleague, "I like chess.");
        var elsewhere = await QueueAsync(stranger, "I like golf.");

        Assert.Equal([mine2, mine], await EventIdsAsync(writer, "/v1/events/"));
        Assert.Equal([theirs], await EventIdsAsync(colleague, "/v1/events/"));
        Assert.Equal([theirs, mine2, mine], await EventIdsAsync(admin, "/v1/events/"));
        Assert.Equal([elsewhere], await EventIdsAsync(stranger, "/v1/events/"));

        // Paged like the Platform: count over all pages, next/previous links.
        var page2 = await (await admin.GetAsync("/v1/events/?page=2&page_size=2")).ReadJsonAsync();
        Assert.Equal(3, page2.GetProperty("count").GetInt32());
        Assert.Equal([mine], page2.Results().Select(e => e.Str("id")));
        Assert.Contains("page=1&page_size=2", page2.Str("previous"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, page2.GetProperty("next").ValueKind);
        Assert.Empty((await (await admin.GetAsync("/v1/events/?page=9&page_size=2")).ReadJsonAsync()).Results());
        Assert.Equal(3, (await (await admin.GetAsync("/v1/events/?page=9&page_size=2")).ReadJsonAsync()).GetProperty("count").GetInt32());
        await (await admin.GetAsync("/v1/events/?page_size=0")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Fields_that_mean_nothing_here_are_dropped_and_those_that_would_change_meaning_are_refused()
    {
        // As Mastra sends it: its own apiKey and host in the body, and the Platform's org/project ids.
        var added = await (await Client.PostJsonAsync("/v1/memories/", new
        {
            messages = new[] { new { role = "user", content = "I like tea." } },
            user_id = "ana",
            infer = false,
            apiKey = "secret-of-the-client",
            host = "http://example.invalid",
            org_id = "org-1",
            project_id = "project-1",
            api_version = "v2",
            version = "v2",
        })).ReadJsonAsync();
        Assert.Equal("I like tea.", Assert.Single(added.EnumerateArray()).Str("memory"));
        Assert.DoesNotContain("secret-of-the-client", added.GetRawText());
        var stored = await Store.QueryAsync("SELECT metadata FROM {s}memories");
        Assert.DoesNotContain(stored, row => row[0]?.ToString()?.Contains("secret-of-the-client", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("secret-of-the-client", StringComparison.Ordinal));

        Assert.Contains("version", await (await Client.PostJsonAsync("/v1/memories/", new { messages = "x", user_id = "ana", version = "v9" })).ReadProblemAsync(HttpStatusCode.BadRequest));
        Assert.Contains("output_format", await (await Client.PostJsonAsync("/v1/memories/search/", new { query = "x", user_id = "ana", output_format = "v2" })).ReadProblemAsync(HttpStatusCode.BadRequest));
        Assert.Contains("'categories'", await (await Client.PostJsonAsync("/v1/memories/", new { messages = "x", user_id = "ana", categories = new[] { "food" } })).ReadProblemAsync(HttpStatusCode.BadRequest));
        Assert.Contains("'includes'", await (await Client.PostJsonAsync("/v1/memories/", new { messages = "x", user_id = "ana", includes = "food" })).ReadProblemAsync(HttpStatusCode.BadRequest));
        Assert.Contains("only_metadata_based_search", await (await Client.PostJsonAsync("/v2/memories/search/", new { query = "x", filters = new { user_id = "ana" }, only_metadata_based_search = true })).ReadProblemAsync(HttpStatusCode.BadRequest));
        Assert.Contains("start_date", await (await Client.GetAsync("/v1/memories/?user_id=ana&start_date=2024-01-01")).ReadProblemAsync(HttpStatusCode.BadRequest));
        Assert.Equal(["I like tea."], (await Store.QueryAsync("SELECT memory FROM {s}memories")).Select(r => (string)r[0]!));
    }

    private static async Task<string> QueueAsync(HttpClient client, string text)
    {
        var queued = await (await client.PostJsonAsync("/v1/memories/", new { messages = text, user_id = "ana", infer = false, async_mode = true })).ReadJsonAsync(HttpStatusCode.Accepted);
        return Assert.Single(queued.EnumerateArray()).Str("event_id");
    }

    private static async Task<string[]> EventIdsAsync(HttpClient client, string path) =>
        [.. (await (await client.GetAsync(path)).ReadJsonAsync()).Results().Select(e => e.Str("id"))];
}

public sealed class SqliteMem0RoutesApiTests : Mem0RoutesApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresMem0RoutesApiTests : Mem0RoutesApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
