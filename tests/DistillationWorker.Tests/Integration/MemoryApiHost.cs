using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DistillationWorker.Tests.Integration;

/// <summary>The real MemoryApi in process on its embedded SQLite store in a temporary folder (settings as tests/MemoryTests' MemoryApiFactory).</summary>
/// <param name="clock">MemoryApi's clock (lease expiry, timestamps); the system clock when null.</param>
public sealed class MemoryApiHost(TimeProvider? clock = null) : WebApplicationFactory<Program>
{
    public const string AppKey = "app-key-for-distillation-tests";

    public string DataDir { get; } = Directory.CreateTempSubdirectory("distillation-memoryapi-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("MEMORY_API_KEY", AppKey);
        builder.UseSetting("MEMORY_ADMIN_KEY", "admin-key-for-distillation-tests");
        builder.UseSetting("MEMORY_DATA_DIR", DataDir);
        builder.UseSetting("Embeddings:Provider", "hashing");
        builder.UseSetting("Embeddings:Dimensions", "64");
        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }

    public HttpClient CreateAuthorizedClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", AppKey);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pooled connection; the OS temp folder is cleaned eventually.
        }
    }
}
