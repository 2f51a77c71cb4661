using System.Net;
using System.Text.Json;
using MemoryTests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryTests.Api.Mem0Clients;

/// <summary>
/// MemoryApi on a real Kestrel port (the npm clients need a socket, not a TestServer), one per test class, with the
/// runner of a tests/&lt;folder&gt;/ driver script whose stdout is a JSON report of named steps.
/// </summary>
public abstract class Mem0ClientServer : IAsyncLifetime
{
    public const string InstallCommand = "scripts/install-mem0-client";

    private TestStore? _store;

    protected MemoryApiFactory Factory { get; private set; } = null!;

    protected string Address => Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    protected abstract TestStore CreateTestStore();

    public ValueTask InitializeAsync()
    {
        _store = CreateTestStore();
        Factory = new MemoryApiFactory(_store);
        Factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    /// <summary>Runs tests/<paramref name="folder"/>/<paramref name="script"/> against this service with the app key and returns its steps.</summary>
    protected async Task<Mem0Report> RunAsync(string folder, string script, string package, IReadOnlyDictionary<string, string>? environment = null)
    {
        var path = NodeScript.RequirePackage(folder, package, InstallCommand, $"npm {package}");
        var all = new Dictionary<string, string> { ["MEM0_HOST"] = Address, ["MEM0_API_KEY"] = MemoryApiFactory.AppKey };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var run = await NodeScript.RunAsync(path, script, InstallCommand, null, all, TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, $"{folder}/{script} exited with {run.ExitCode}: {run.Stderr}");
        var steps = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("steps");
        return new Mem0Report(folder, steps.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()));
    }
}

/// <summary>A driver script's steps: each <c>{ok, value}</c> or <c>{ok: false, error, message}</c>, and after a change
/// <c>held</c>: what the service then holds in the step's scope, read through the native GET /memories.</summary>
public sealed class Mem0Report(string name, IReadOnlyDictionary<string, JsonElement> steps)
{
    public JsonElement Value(string step)
    {
        Assert.True(Step(step).GetProperty("ok").GetBoolean(), $"{name}: {step} failed: {Step(step)}");
        return Step(step).GetProperty("value");
    }

    /// <summary>The memory texts the service held in the step's scope right after it, sorted.</summary>
    public string[] Held(string step)
    {
        Assert.True(Step(step).TryGetProperty("held", out var held), $"{name}: {step} has no read-back: {Step(step)}");
        return [.. held.EnumerateArray().Select(m => m.Str("memory")).Order(StringComparer.Ordinal)];
    }

    /// <summary>What the package printed with console.error during the step (the LangChain memories log instead of throwing).</summary>
    public string[] Errors(string step) =>
        Step(step).TryGetProperty("errors", out var errors) ? [.. errors.EnumerateArray().Select(e => e.GetString()!)] : [];

    /// <summary>The system prompts a scripted model received during the step.</summary>
    public string[] Prompts(string step) =>
        Step(step).TryGetProperty("prompts", out var prompts) ? [.. prompts.EnumerateArray().Select(e => e.GetString()!)] : [];

    public JsonElement HeldItems(string step) => Step(step).GetProperty("held");

    /// <summary>Asserts the step failed with <paramref name="error"/> (the client's error class) and a message containing each of <paramref name="named"/>.</summary>
    public void Failed(string step, string error, params string[] named)
    {
        Assert.False(Step(step).GetProperty("ok").GetBoolean(), $"{name}: {step} should have failed: {Step(step)}");
        Assert.Equal(error, Step(step).Str("error"));
        foreach (var text in named)
        {
            Assert.Contains(text, Step(step).Str("message"));
        }
    }

    public void NoUnexpectedError() =>
        Assert.False(steps.ContainsKey("unexpected"), steps.TryGetValue("unexpected", out var unexpected) ? $"{name}: {unexpected}" : null);

    public static string[] Texts(JsonElement memories) =>
        [.. memories.EnumerateArray().Select(m => m.Str("memory")).Order(StringComparer.Ordinal)];

    private JsonElement Step(string step)
    {
        Assert.True(steps.ContainsKey(step), $"{name}: no step {step} in the report (it stopped early?)");
        return steps[step];
    }
}
