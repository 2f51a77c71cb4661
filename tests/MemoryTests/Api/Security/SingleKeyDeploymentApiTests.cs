using System.Net;
using System.Net.Http.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api.Security;

/// <summary>A deployment from before tenants: only MEMORY_API_KEY. Its key is the default tenant's, unrestricted, and
/// every memory route answers as before; the admin routes stay closed.</summary>
public abstract class SingleKeyDeploymentApiTests : MemoryApiTestBase
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["MEMORY_ADMIN_KEY"] = null };

    [Fact]
    public async Task The_one_key_reaches_every_person_and_route_as_before()
    {
        var ana = (await AddAsync(new { messages = "Ana likes tea.", user_id = "ana", infer = false }))[0].Str("id");
        await AddAsync(new { messages = "The helper speaks slowly.", agent_id = "helper", infer = false });

        Assert.Single(await ListAsync("user_id=ana"));
        Assert.Single(await ListAsync("agent_id=helper"));
        Assert.Single(await SearchAsync(new { query = "tea", user_id = "ana" }));
        await (await Client.PutAsJsonAsync($"/memories/{ana}", new { text = "Ana likes green tea." })).ReadJsonAsync();
        Assert.Equal(2, (await (await Client.GetAsync($"/memories/{ana}/history")).ReadJsonAsync()).Results().Length);
        Assert.Equal(2, (await (await Client.GetAsync("/v1/entities/")).ReadJsonAsync()).Results().Length);
        var accepted = await (await Client.PostJsonAsync("/memories?async=true", new { messages = "Ana likes cake.", user_id = "ana", infer = false })).ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("SUCCEEDED", (await (await Client.GetAsync($"/events/{accepted.Str("event_id")}?wait=20s")).ReadJsonAsync()).Str("status"));
        await (await Client.PostJsonAsync("/jobs/distill/lease", new { holder = "w1", ttl_seconds = 60 })).ReadJsonAsync();
        Assert.Equal(["distill"], (await Store.QueryAsync("SELECT job FROM {s}jobs")).Select(r => (string)r[0]!));
        await (await Client.DeleteAsync($"/memories/{ana}")).ReadJsonAsync();

        await (await Client.GetAsync("/admin/keys")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await Client.PostAsync("/reset", null)).ReadProblemAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class SqliteSingleKeyDeploymentApiTests : SingleKeyDeploymentApiTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresSingleKeyDeploymentApiTests : SingleKeyDeploymentApiTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
