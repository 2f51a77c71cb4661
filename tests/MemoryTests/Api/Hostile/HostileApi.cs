using System.Net;
using System.Text;
using System.Text.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api.Hostile;

/// <summary>
/// One MemoryApi per store for the whole hostile suite (hundreds of cases must stay fast), with a seeded scope: two
/// memories, one of them updated (so it has history), their recorded turns and a job's lease and checkpoint. The
/// fingerprint reads all of that back through the API; every case compares it before and after.
/// </summary>
public abstract class HostileApi : IAsyncDisposable
{
    private readonly SemaphoreSlim _start = new(1, 1);
    private TestStore? _store;
    private MemoryApiFactory? _factory;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>With the admin key, for the admin routes' own validation (with the app key they are a 403 first).</summary>
    public HttpClient AdminClient { get; private set; } = null!;

    public string SeedId { get; private set; } = string.Empty;

    public string HistoryId { get; private set; } = string.Empty;

    protected abstract TestStore CreateTestStore();

    /// <summary>Starts and seeds on first use, inside a test, so that a missing PostgreSQL skips rather than fails.</summary>
    public async Task StartAsync()
    {
        await _start.WaitAsync();
        try
        {
            if (_factory is not null)
            {
                return;
            }

            _store = CreateTestStore();
            // Hundreds of cases, each reading the fingerprint twice, from one key: the rate limits are tested elsewhere.
            _factory = new MemoryApiFactory(_store, new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false" });
            Client = _factory.CreateAuthorizedClient();
            AdminClient = _factory.CreateAuthorizedClient(MemoryApiFactory.AdminKey);
            await SeedAsync();
        }
        finally
        {
            _start.Release();
        }
    }

    /// <summary>Everything stored in the seeded scope, as one comparable string.</summary>
    public async Task<string> FingerprintAsync()
    {
        var text = new StringBuilder();
        var memories = await GetAsync($"/memories?user_id={HostileBodies.Seed}&limit=1000");
        text.Append(memories.GetRawText());
        foreach (var memory in memories.Results())
        {
            text.Append((await GetAsync($"/memories/{memory.Str("id")}/history")).GetRawText());
        }

        text.Append((await GetAsync($"/turns?user_id={HostileBodies.Seed}")).GetRawText());
        text.Append((await GetAsync("/jobs/hostile/checkpoint")).GetRawText());
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        AdminClient?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _start.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task SeedAsync()
    {
        var first = await PostAsync("/memories", """{"messages":"I live in Oslo.","user_id":"hostile-seed","infer":false,"metadata":{"k":"v","tags":["a","b"]}}""");
        SeedId = first.Results()[0].Str("id");
        await PostAsync("/memories", """{"messages":[{"role":"user","content":"I drink green tea."},{"role":"assistant","content":"Noted."}],"user_id":"hostile-seed","infer":false}""");
        using var put = await Client.PutAsync($"/memories/{SeedId}", new StringContent("""{"text":"I live in Bergen."}""", Encoding.UTF8, "application/json"));
        await put.ReadJsonAsync();
        HistoryId = (await GetAsync($"/memories/{SeedId}/history")).Results()[0].Str("id");

        var lease = await PostAsync("/jobs/hostile/lease", """{"holder":"seed-holder","ttl_seconds":3600}""");
        using var checkpoint = await Client.PutAsync("/jobs/hostile/checkpoint", new StringContent(
            $$$$"""{"holder":"seed-holder","token":{{{{lease.GetProperty("token").GetInt64()}}}},"watermark":7}""", Encoding.UTF8, "application/json"));
        await checkpoint.ReadJsonAsync();
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return await response.ReadJsonAsync(HttpStatusCode.OK);
    }

    private async Task<JsonElement> PostAsync(string path, string json)
    {
        using var response = await Client.PostRawAsync(path, json);
        return await response.ReadJsonAsync(HttpStatusCode.OK);
    }
}

public sealed class SqliteHostileApi : HostileApi
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresHostileApi : HostileApi
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
