using System.Net;
using System.Text.Json;
using MemoryTests.Api.Security;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api.Categories;

/// <summary>
/// Categories end to end on both stores, with the offline (hashing) embedder, whose cosines are word overlap: an add's
/// own category set, a tenant's set behind Mem0's project route, the defaults; every memory's categories in the native
/// and Mem0 shapes; filters on them in every dialect; re-tagging on a text update; and tenants kept apart.
/// </summary>
public abstract class CategoriesApiTests : TenantApiTestBase
{
    private static readonly object[] CareCategories =
    [
        new Dictionary<string, string> { ["allergies"] = "allergic reactions to peanuts, nuts and other food" },
        new Dictionary<string, string> { ["transport"] = "taking the bus, the train or a taxi to get somewhere" },
    ];

    [Fact]
    public async Task An_adds_own_category_set_tags_its_memories_and_both_shapes_return_them()
    {
        var added = await AddAsync(new { messages = "I am allergic to peanuts", user_id = "ana", infer = false, custom_categories = CareCategories });
        var id = Assert.Single(added).Str("id");

        var native = await (await Client.GetAsync($"/memories/{id}")).ReadJsonAsync();
        Assert.Equal(["allergies"], Names(native));
        var mem0 = await (await Client.GetAsync($"/v1/memories/{id}/")).ReadJsonAsync();
        Assert.Equal(["allergies"], Names(mem0));
    }

    [Fact]
    public async Task Mem0_add_takes_custom_instructions_and_categories_instead_of_refusing_them()
    {
        var response = await Client.PostJsonAsync("/v3/memories/add/", new
        {
            messages = new[] { new { role = "user", content = "I take the bus to the day centre" } },
            user_id = "ana",
            infer = false,
            custom_instructions = "Remember how the person travels.",
            custom_categories = CareCategories,
        });
        var id = (await response.ReadJsonAsync()).Results()[0].Str("id");

        var stored = await (await Client.GetAsync($"/v1/memories/{id}/")).ReadJsonAsync();
        Assert.Equal(["transport"], Names(stored));
    }

    [Fact]
    public async Task Filters_on_categories_in_every_dialect_return_only_tagged_memories()
    {
        await AddAsync(new { messages = "I am allergic to peanuts", user_id = "ana", infer = false, custom_categories = CareCategories });
        await AddAsync(new { messages = "I take the bus to the day centre", user_id = "ana", infer = false, custom_categories = CareCategories });
        await AddAsync(new { messages = "I take the bus with Ben", user_id = "ben", infer = false, custom_categories = CareCategories });

        // Native: the list's ?categories= and the search's "categories".
        Assert.Equal(["I am allergic to peanuts"], (await ListAsync("user_id=ana&categories=allergies")).Select(m => m.Str("memory")));
        Assert.Equal(2, (await ListAsync("user_id=ana&categories=allergies,transport")).Length);
        Assert.Empty(await ListAsync("user_id=ana&categories=food"));
        var searched = await SearchAsync(new { query = "bus", user_id = "ana", categories = new[] { "transport" } });
        Assert.Equal(["I take the bus to the day centre"], searched.Select(m => m.Str("memory")));

        // Mem0 v2/v3 filters: in, contains, and NOT; and the v3 routes' top-level categories.
        var inFilter = await Mem0SearchAsync(new { query = "bus", filters = new { AND = new object[] { new { user_id = "ana" }, new { categories = new { @in = new[] { "transport" } } } } } });
        Assert.Equal(["I take the bus to the day centre"], inFilter);
        var contains = await Mem0SearchAsync(new { query = "peanuts", filters = new { user_id = "ana", categories = new { contains = "allergies" } } });
        Assert.Equal(["I am allergic to peanuts"], contains);
        var not = await Mem0SearchAsync(new { query = "bus peanuts", filters = new { AND = new object[] { new { user_id = "ana" }, new { NOT = new { categories = new { contains = "allergies" } } } } } });
        Assert.Equal(["I take the bus to the day centre"], not);
        var listed = await (await Client.PostJsonAsync("/v3/memories/", new { filters = new { user_id = "ana" }, categories = new[] { "allergies" } })).ReadJsonAsync();
        Assert.Equal(["I am allergic to peanuts"], listed.Results().Select(m => m.Str("memory")));

        // Bad category filters are 400s naming the problem, never ignored.
        await (await Client.PostJsonAsync("/v3/memories/search/", new { query = "x", filters = new { user_id = "ana", categories = new { gt = "a" } } })).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.PostJsonAsync("/v3/memories/search/", new { query = "x", filters = new { user_id = "ana", categories = new { @in = Array.Empty<string>() } } })).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.PostJsonAsync("/search", new { query = "x", user_id = "ana", categories = 3 })).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.PostRawAsync("/v3/memories/search/", """{"query":"x","filters":{"user_id":"ana","categories":null}}""")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await Client.GetAsync("/memories?user_id=ana&categories=a%00b")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_tenants_settings_are_read_by_any_of_its_keys_written_by_its_admins_and_used_by_its_adds()
    {
        var admin = await KeyAsync("care", "admin");
        var writer = await KeyAsync("care");
        var other = await KeyAsync("other", "admin");
        var (org, project) = await ProjectOfAsync(writer);
        Assert.Equal((org, project), await ProjectOfAsync(admin));
        Assert.NotEqual((org, project), await ProjectOfAsync(other));
        var route = $"/api/v1/orgs/organizations/{org}/projects/{project}/";

        // Never set: Mem0's 15 defaults are in force.
        var initial = await (await writer.GetAsync(route)).ReadJsonAsync();
        Assert.True(initial.GetProperty("custom_categories_default").GetBoolean());
        Assert.Equal(15, initial.GetProperty("custom_categories").GetArrayLength());

        var update = new { custom_instructions = "Only remember health and travel facts.", custom_categories = CareCategories };
        await (await writer.PatchAsync(route, JsonContent(update))).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await other.PatchAsync(route, JsonContent(update))).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync(route)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PatchAsync(route, JsonContent(new { custom_categories = new[] { new { a = 1 } } }))).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PatchAsync(route, JsonContent(new { multilingual = true }))).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PatchAsync(route, JsonContent(update))).ReadJsonAsync();

        var saved = await (await writer.GetAsync(route)).ReadJsonAsync();
        Assert.Equal("Only remember health and travel facts.", saved.Str("custom_instructions"));
        Assert.False(saved.GetProperty("custom_categories_default").GetBoolean());
        Assert.Equal(["allergies", "transport"], saved.GetProperty("custom_categories").EnumerateArray().Select(c => c.EnumerateObject().Single().Name));
        var onlyInstructions = await (await writer.GetAsync(route + "?fields=custom_instructions")).ReadJsonAsync();
        Assert.False(onlyInstructions.TryGetProperty("custom_categories", out _));

        // The tenant's adds are tagged from its set; the other tenant's from the defaults.
        var id = await AddOneAsync(writer, "I am allergic to peanuts", "ana");
        Assert.Equal(["allergies"], Names(await (await writer.GetAsync($"/memories/{id}")).ReadJsonAsync()));
        var elsewhere = await AddOneAsync(other, "I am allergic to peanuts", "ana");
        Assert.DoesNotContain("allergies", Names(await (await other.GetAsync($"/memories/{elsewhere}")).ReadJsonAsync()));

        // A text update re-tags the memory from its tenant's set.
        var updated = await (await writer.PutAsync($"/memories/{id}", JsonContent(new { text = "I take the bus to the day centre" }))).ReadJsonAsync();
        Assert.Equal(["transport"], Names(updated));
        Assert.Equal(["transport"], Names(await (await writer.GetAsync($"/memories/{id}")).ReadJsonAsync()));

        // null goes back to the defaults; the instructions are kept when not named.
        await (await admin.PatchAsync(route, JsonContent(new { custom_categories = (object?)null }))).ReadJsonAsync();
        var reset = await (await writer.GetAsync(route)).ReadJsonAsync();
        Assert.True(reset.GetProperty("custom_categories_default").GetBoolean());
        Assert.Equal("Only remember health and travel facts.", reset.Str("custom_instructions"));
    }

    [Fact]
    public async Task Two_admins_changing_different_settings_at_once_both_keep_their_change()
    {
        var first = await KeyAsync("care", "admin");
        var second = await KeyAsync("care", "admin");
        var (org, project) = await ProjectOfAsync(first);
        var route = $"/api/v1/orgs/organizations/{org}/projects/{project}/";

        for (var round = 0; round < 5; round++)
        {
            var instructions = $"Round {round}: remember allergies.";
            var categories = new object[] { new Dictionary<string, string> { [$"round_{round}"] = "this round's category" } };
            var responses = await Task.WhenAll(
                first.PatchAsync(route, JsonContent(new { custom_instructions = instructions })),
                second.PatchAsync(route, JsonContent(new { custom_categories = categories })));
            foreach (var response in responses)
            {
                await response.ReadJsonAsync();
            }

            var saved = await (await first.GetAsync(route)).ReadJsonAsync();
            Assert.Equal(instructions, saved.Str("custom_instructions"));
            Assert.Equal([$"round_{round}"], saved.GetProperty("custom_categories").EnumerateArray().Select(c => c.EnumerateObject().Single().Name));
        }
    }

    [Fact]
    public async Task An_async_add_keeps_its_category_set_in_the_queued_event()
    {
        var accepted = await (await Client.PostJsonAsync("/memories?async=true", new
        {
            messages = "I am allergic to peanuts",
            user_id = "ana",
            infer = false,
            custom_categories = CareCategories,
        })).ReadJsonAsync(HttpStatusCode.Accepted);
        var eventId = accepted.Str("event_id");

        JsonElement done = default;
        for (var i = 0; i < 100; i++)
        {
            done = await (await Client.GetAsync($"/events/{eventId}")).ReadJsonAsync();
            if (done.Str("status") is "SUCCEEDED" or "FAILED")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("SUCCEEDED", done.Str("status"));
        var memory = Assert.Single(await ListAsync("user_id=ana"));
        Assert.Equal(["allergies"], Names(memory));
    }

    [Fact]
    public async Task Bad_category_sets_and_instructions_are_400s_and_store_nothing()
    {
        object[] bad =
        [
            new { messages = "I like tea", user_id = "ana", custom_categories = "food" },
            new { messages = "I like tea", user_id = "ana", custom_categories = Array.Empty<object>() },
            new { messages = "I like tea", user_id = "ana", custom_categories = new object[] { new Dictionary<string, string> { ["food"] = "a", ["drink"] = "b" } } },
            new { messages = "I like tea", user_id = "ana", custom_categories = new object[] { new Dictionary<string, string> { ["food"] = "a" }, new Dictionary<string, string> { ["FOOD"] = "b" } } },
            new { messages = "I like tea", user_id = "ana", custom_categories = new object[] { new Dictionary<string, string> { [""] = "a" } } },
        ];
        foreach (var body in bad)
        {
            await (await Client.PostJsonAsync("/memories", body)).ReadProblemAsync(HttpStatusCode.BadRequest);
        }

        var tooMany = Enumerable.Range(0, 51).Select(i => (object)new Dictionary<string, string> { [$"c{i}"] = "d" }).ToArray();
        await (await Client.PostJsonAsync("/memories", new { messages = "I like tea", user_id = "ana", custom_categories = tooMany })).ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await Client.PostJsonAsync("/memories", new { messages = "I like tea", user_id = "ana", custom_instructions = new string('x', MemoryCore.Categories.ExtractionGuidance.MaxInstructionsLength + 1) })).ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(await ListAsync("user_id=ana"));
    }

    private async Task<string[]> Mem0SearchAsync(object body) =>
        [.. (await (await Client.PostJsonAsync("/v3/memories/search/", body)).ReadJsonAsync()).Results().Select(m => m.Str("memory"))];

    private static async Task<(string Org, string Project)> ProjectOfAsync(HttpClient client)
    {
        var ping = await (await client.GetAsync("/v1/ping/")).ReadJsonAsync();
        return (ping.Str("org_id"), ping.Str("project_id"));
    }

    private static string[] Names(JsonElement memory) => [.. memory.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!)];

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}

public sealed class SqliteCategoriesApiTests : CategoriesApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresCategoriesApiTests : CategoriesApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
