using MemoryTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryTests.Api;

/// <summary>The real MemoryApi in process, on a real store, with test keys and small limits.</summary>
public sealed class MemoryApiFactory : WebApplicationFactory<Program>
{
    public const string AppKey = "app-key-for-tests";
    public const string AdminKey = "admin-key-for-tests";

    private readonly Dictionary<string, string?> _settings;

    private readonly Action<IServiceCollection>? _configureServices;

    public MemoryApiFactory(TestStore store, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null)
    {
        _configureServices = configureServices;
        _settings = new Dictionary<string, string?>
        {
            ["MEMORY_API_KEY"] = AppKey,
            ["MEMORY_ADMIN_KEY"] = AdminKey,
            // Fast and deterministic; the default (local model) is exercised by the paraphrase tests, which choose it.
            ["Embeddings:Provider"] = "hashing",
            ["Embeddings:Dimensions"] = "64",
            ["Memory:MaxMessagesPerAdd"] = "20",
            ["Memory:MaxMessageChars"] = "2000",
            ["Memory:MaxMetadataBytes"] = "1024",
            ["Memory:MaxRequestBytes"] = "65536",
        };
        switch (store)
        {
            case SqliteTestStore sqlite:
                _settings["MEMORY_DATA_DIR"] = sqlite.DataDir;
                break;
            case PostgresTestStore postgres:
                _settings["ConnectionStrings:memorydb"] = postgres.ConnectionString;
                _settings["Store:PostgresSchema"] = postgres.Schema;
                break;
        }

        // A null override removes the setting, so a test can run on the service's own default.
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                _settings.Remove(key);
            }
            else
            {
                _settings[key] = value;
            }
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        if (_configureServices is not null)
        {
            builder.ConfigureTestServices(_configureServices);
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient CreateAuthorizedClient(string key = AppKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", key);
        return client;
    }
}
