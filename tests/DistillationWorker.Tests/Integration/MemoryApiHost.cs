using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DistillationWorker.Tests.Integration;

/// <summary>The real MemoryApi in process on its embedded SQLite store in a temporary folder (settings as tests/MemoryTests' MemoryApiFactory).</summary>
public sealed class MemoryApiHost : WebApplicationFactory<Program>
{
    public const string AppKey = "app-key-for-distillation-tests";

    public string DataDir { get; } = Directory.CreateTempSubdirectory("distillation-memoryapi-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("MEMORY_API_KEY", AppKey);
        builder.UseSetting("MEMORY_ADMIN_KEY", "admin-key-for-distillation-tests");
        builder.UseSetting("MEMORY_DATA_DIR", DataDir);
        builder.UseSetting("Embeddings:Dimensions", "64");
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
