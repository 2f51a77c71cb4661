using System.Text.Json;
using MemoryTests.Infrastructure;

namespace MemoryTests.Api;

/// <summary>Starts the API on a fresh store of the subclass's kind for every test.</summary>
public abstract class MemoryApiTestBase : IAsyncLifetime
{
    private TestStore? _store;

    protected TestStore Store => _store!;

    protected MemoryApiFactory Factory { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    protected abstract TestStore CreateTestStore();

    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>Test services replacing the real ones (e.g. counting wrappers), or null.</summary>
    protected virtual Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? TestServices => null;

    public virtual async ValueTask InitializeAsync()
    {
        _store = CreateTestStore();
        Factory = new MemoryApiFactory(_store, Settings, TestServices);
        Client = Factory.CreateAuthorizedClient();
        await Task.CompletedTask;
    }

    public virtual async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    protected async Task<JsonElement[]> AddAsync(object body) =>
        (await (await Client.PostJsonAsync("/memories", body)).ReadJsonAsync()).Results();

    protected async Task<JsonElement[]> ListAsync(string query) =>
        (await (await Client.GetAsync("/memories?" + query)).ReadJsonAsync()).Results();

    protected async Task<JsonElement[]> SearchAsync(object body) =>
        (await (await Client.PostJsonAsync("/search", body)).ReadJsonAsync()).Results();
}
