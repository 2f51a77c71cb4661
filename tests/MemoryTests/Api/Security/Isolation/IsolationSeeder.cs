using System.Net;
using System.Text.Json;

namespace MemoryTests.Api.Security.Isolation;

/// <summary>
/// Seeds the probes' world through the API alone: the operator key creates, in three tenants (the default one and two
/// others), a write, read and admin key and three keys restricted to some people; each tenant's write key then stores,
/// verbatim, one memory per owner tuple. The people's ids collide across tenants ("ana", "bob", "p-cara" live in all
/// three) and every text carries a canary token unique to that memory, so a leaked text is found by string search.
/// Some memories also name an app (Mem0's app_id): the app "diary" is shared by several people of each tenant, so a
/// read naming the app alone spans people, which a restricted key must never be able to do.
/// Some memories are updated (the old text stays in history), one per tenant is deleted, and two adds per tenant are
/// queued (events) plus an app-scoped one, two by a restricted key.
/// </summary>
internal sealed class IsolationSeeder(MemoryApiFactory factory, Random random)
{
    public const string TokenPrefix = "zq";
    public const int TokenLength = 12;

    public static readonly string[] Tenants = ["default", "acme", "globex"];

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private readonly IsolationWorld _world = new();

    public async Task<IsolationWorld> SeedAsync()
    {
        var operatorKey = new ProbeKey("default/operator", MemoryApiFactory.AdminKey, "bootstrap-admin", "default", "admin", Operator: true);
        _world.Keys.Add(operatorKey);
        _world.Keys.Add(new ProbeKey("default/app", MemoryApiFactory.AppKey, "bootstrap-app", "default", "write"));
        using var operatorClient = factory.CreateAuthorizedClient(operatorKey.Secret);
        foreach (var tenant in Tenants)
        {
            var writer = await CreateKeyAsync(operatorClient, tenant, "write", "write");
            await CreateKeyAsync(operatorClient, tenant, "read", "read");
            await CreateKeyAsync(operatorClient, tenant, "admin", "admin");
            var onlyAna = await CreateKeyAsync(operatorClient, tenant, "only-ana", "write", userIds: ["ana"]);
            await CreateKeyAsync(operatorClient, tenant, "prefix-p", "read", prefix: "p-");
            await CreateKeyAsync(operatorClient, tenant, "bob-or-p", "write", userIds: ["bob"], prefix: "p-");
            await SeedMemoriesAsync(tenant, writer, onlyAna);
        }

        return _world;
    }

    public string NewToken()
    {
        var chars = new char[TokenLength - TokenPrefix.Length];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[random.Next(Alphabet.Length)];
        }

        return TokenPrefix + new string(chars);
    }

    /// <summary>A sentence the heuristic graph extractor turns into a relation whose both ends carry the token.</summary>
    public static string Text(string token) => $"My sister {char.ToUpperInvariant(token[0])}{token[1..]} loves {token}tea.";

    private async Task<ProbeKey> CreateKeyAsync(HttpClient operatorClient, string tenant, string label, string role, string[]? userIds = null, string? prefix = null)
    {
        var token = NewToken();
        var name = $"{tenant}-{label}-{token}";
        // The default tenant's keys are created without naming it, as a single-tenant deployment does.
        var body = new Dictionary<string, object?> { ["name"] = name, ["role"] = role };
        if (tenant != "default")
        {
            body["tenant"] = tenant;
        }

        if (userIds is not null)
        {
            body["user_ids"] = userIds;
        }

        if (prefix is not null)
        {
            body["user_id_prefix"] = prefix;
        }

        var created = await (await operatorClient.PostJsonAsync("/admin/keys", body)).ReadJsonAsync(HttpStatusCode.Created);
        var key = new ProbeKey($"{tenant}/{label}", created.Str("secret"), created.Str("id"), tenant, role, userIds?.ToHashSet(StringComparer.Ordinal), prefix);
        _world.Keys.Add(key);
        var keyName = new SeededKeyName(tenant, key.Id, token);
        _world.KeyNames.Add(keyName);
        _world.Register(keyName);
        return key;
    }

    private async Task SeedMemoriesAsync(string tenant, ProbeKey writerKey, ProbeKey onlyAnaKey)
    {
        using var writer = factory.CreateAuthorizedClient(writerKey.Secret);
        using var onlyAna = factory.CreateAuthorizedClient(onlyAnaKey.Secret);
        // Ids unique to the tenant carry a token too: they show in entity and turn-scope listings.
        var soloUser = "x-" + NewToken();
        var soloAgent = "g-" + NewToken();
        // An app of one memory (ana's): its id carries a token, shown by the entity listing.
        var soloApp = "a-" + NewToken();
        string?[][] owners =
        [
            ["ana", null, null, null], ["ana", null, null, null], ["ana", "helper", null, null], ["ana", "helper", "r1", null],
            ["bob", null, null, null], ["bob", "helper", "r1", null], ["p-cara", null, null, null], ["p-cara", null, "r1", null],
            [soloUser, null, null, null], [null, soloAgent, null, null], [null, "helper", null, null], [null, null, "r1", null], [null, "helper", "r1", null],
            ["ana", null, null, "diary"], ["ana", "helper", null, "diary"], ["bob", null, null, "diary"], ["p-cara", null, "r1", "diary"],
            [null, "helper", null, "diary"], [null, null, "r1", "diary"], ["ana", null, null, soloApp],
        ];
        var stored = new List<SeededMemory>();
        foreach (var owner in owners)
        {
            var memory = await AddAsync(writer, new SeedScope(tenant, owner[0], owner[1], owner[2], owner[3]));
            foreach (var id in owner.Where(id => id is not null && id.Contains(TokenPrefix, StringComparison.Ordinal)))
            {
                _world.Register(memory, id![2..]);
            }

            stored.Add(memory);
        }

        // Updated: ana's first, bob's and bob's in the app; the old text stays in history. Deleted: ana's second (history only).
        await UpdateAsync(writer, stored[0]);
        await UpdateAsync(writer, stored[4]);
        await UpdateAsync(writer, stored[15]);
        await DeleteAsync(writer, stored[1]);
        foreach (var memory in stored)
        {
            memory.HistoryId = await FirstHistoryIdAsync(writer, memory.Id);
        }

        await QueueAsync(writer, writerKey, new SeedScope(tenant, "ana", "helper", null));
        await QueueAsync(onlyAna, onlyAnaKey, new SeedScope(tenant, "ana", null, null));
        await QueueAsync(onlyAna, onlyAnaKey, new SeedScope(tenant, "ana", null, null, "diary"));
    }

    private async Task<SeededMemory> AddAsync(HttpClient client, SeedScope scope)
    {
        var token = NewToken();
        var added = await (await client.PostJsonAsync("/memories", Body(scope, token))).ReadJsonAsync();
        var memory = new SeededMemory(Guid.Parse(Assert.Single(added.Results()).Str("id")), scope, token);
        Track(memory);
        return memory;
    }

    private async Task QueueAsync(HttpClient client, ProbeKey creator, SeedScope scope)
    {
        var token = NewToken();
        var accepted = await (await client.PostJsonAsync("/memories?async=true", Body(scope, token))).ReadJsonAsync(HttpStatusCode.Accepted);
        var eventId = accepted.Str("event_id");
        var done = await (await client.GetAsync($"/events/{eventId}?wait=20s")).ReadJsonAsync();
        Assert.Equal("SUCCEEDED", done.Str("status"));
        var memory = new SeededMemory(Guid.Parse(Assert.Single(done.Results()).Str("id")), scope, token);
        Track(memory);
        memory.HistoryId = await FirstHistoryIdAsync(client, memory.Id);
        _world.Events.Add(new SeededEvent(Guid.Parse(eventId), memory, creator));
    }

    private void Track(SeededMemory memory)
    {
        _world.Memories.Add(memory);
        _world.Register(memory, memory.FirstToken);
    }

    private async Task UpdateAsync(HttpClient client, SeededMemory memory)
    {
        var token = NewToken();
        var content = JsonContent(new { text = Text(token) });
        await (await client.PutAsync($"/memories/{memory.Id}", content)).ReadJsonAsync();
        _world.Register(memory, token);
        memory.CurrentToken = token;
    }

    private static async Task DeleteAsync(HttpClient client, SeededMemory memory)
    {
        await (await client.DeleteAsync($"/memories/{memory.Id}")).ReadJsonAsync();
        memory.Live = false;
    }

    private static async Task<Guid> FirstHistoryIdAsync(HttpClient client, Guid memoryId) =>
        Guid.Parse((await (await client.GetAsync($"/memories/{memoryId}/history")).ReadJsonAsync()).Results()[0].Str("id"));

    private static Dictionary<string, object?> Body(SeedScope scope, string token) => new()
    {
        ["messages"] = Text(token),
        ["user_id"] = scope.UserId,
        ["agent_id"] = scope.AgentId,
        ["run_id"] = scope.RunId,
        ["app_id"] = scope.AppId,
        ["infer"] = false,
    };

    public static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
