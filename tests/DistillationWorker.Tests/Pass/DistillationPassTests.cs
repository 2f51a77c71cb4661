using DistillationWorker.Checkpoint;
using DistillationWorker.Client;
using DistillationWorker.Distillers.Heuristic;
using DistillationWorker.Hosting;
using DistillationWorker.Pass;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DistillationWorker.Tests.Pass;

/// <summary>Pass outcomes that need no MemoryApi: every request the pass makes here fails the test.</summary>
public sealed class DistillationPassTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("distillation-pass-").FullName;
    private readonly NoRequestsHandler _handler = new();

    public void Dispose()
    {
        _handler.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private DistillationPass Pass(string dataDir)
    {
        var options = Options.Create(new DistillationOptions { DataDir = dataDir });
        var api = new MemoryApiClient(new HttpClient(_handler, disposeHandler: false) { BaseAddress = new Uri("http://memoryapi/") });
        var person = new PersonDistillation(api, new HeuristicPatternDistiller(options), NullLogger<PersonDistillation>.Instance);
        return new DistillationPass(api, person, options, TimeProvider.System, NullLogger<DistillationPass>.Instance);
    }

    [Fact]
    public async Task A_pass_while_another_holds_the_lock_is_busy_and_calls_nothing()
    {
        using var held = PassLock.TryAcquire(_dir);

        var result = await Pass(_dir).RunAsync(PassTrigger.OnDemand, TestContext.Current.CancellationToken);

        Assert.Equal(PassStatus.Busy, result.Status);
        Assert.Equal(0, _handler.Calls);
    }

    [Fact]
    public async Task An_unusable_data_folder_fails_the_pass_instead_of_throwing()
    {
        var file = Path.Combine(_dir, "not-a-folder");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);

        var result = await Pass(Path.Combine(file, "sub")).RunAsync(PassTrigger.Schedule, TestContext.Current.CancellationToken);

        Assert.Equal(PassStatus.Failed, result.Status);
        Assert.NotNull(result.Error);
        Assert.Equal(0, _handler.Calls);
    }

    [Fact]
    public async Task A_corrupt_state_file_fails_the_pass_before_any_request()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, DistillationStateStore.FileName), "[]", TestContext.Current.CancellationToken);

        var result = await Pass(_dir).RunAsync(PassTrigger.Schedule, TestContext.Current.CancellationToken);

        Assert.Equal(PassStatus.Failed, result.Status);
        Assert.Contains(DistillationStateStore.FileName, result.Error, StringComparison.Ordinal);
        Assert.Equal(0, _handler.Calls);
    }

    private sealed class NoRequestsHandler : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            throw new InvalidOperationException($"unexpected request {request.Method} {request.RequestUri}");
        }
    }
}
