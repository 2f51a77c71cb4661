using System.Net;
using DistillationWorker.Checkpoint;
using DistillationWorker.Client;
using DistillationWorker.Distillers.Heuristic;
using DistillationWorker.Hosting;
using DistillationWorker.Pass;
using DistillationWorker.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DistillationWorker.Tests.Pass;

/// <summary>Pass outcomes around the lease, against a scripted MemoryApi that records every request.</summary>
public sealed class DistillationPassTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("distillation-pass-").FullName;
    private readonly ScriptedMemoryApi _api = new();

    public void Dispose()
    {
        _api.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private DistillationPass Pass()
    {
        var options = Options.Create(new DistillationOptions { DataDir = _dir, InstanceId = "worker-a" });
        var api = new MemoryApiClient(_api.Client());
        var person = new PersonDistillation(api, new HeuristicPatternDistiller(options), NullLogger<PersonDistillation>.Instance);
        return new DistillationPass(api, person, options, TimeProvider.System, NullLogger<DistillationPass>.Instance);
    }

    [Fact]
    public async Task A_pass_while_another_holds_the_lease_is_busy_names_it_and_does_nothing_else()
    {
        _api.Respond = (request, _) => ScriptedMemoryApi.HeldBy("worker-b/1234");

        var result = await Pass().RunAsync(PassTrigger.OnDemand, TestContext.Current.CancellationToken);

        Assert.Equal(PassStatus.Busy, result.Status);
        Assert.Contains("worker-b/1234", result.Error, StringComparison.Ordinal);
        Assert.Equal(["POST /jobs/distillation/lease"], _api.Calls);
    }

    [Fact]
    public async Task A_lease_request_that_fails_fails_the_pass_instead_of_throwing()
    {
        _api.Respond = (_, _) => new HttpResponseMessage(HttpStatusCode.InternalServerError);

        var result = await Pass().RunAsync(PassTrigger.Schedule, TestContext.Current.CancellationToken);

        Assert.Equal(PassStatus.Failed, result.Status);
        Assert.NotNull(result.Error);
        Assert.Single(_api.Calls);
    }

    [Fact]
    public async Task A_corrupt_legacy_state_file_fails_the_pass_before_reading_turns_and_the_lease_is_released()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, LegacyStateFile.FileName), "[]", TestContext.Current.CancellationToken);
        string? holder = null;
        _api.Respond = (request, body) => (request.Method.Method, request.RequestUri!.AbsolutePath) switch
        {
            ("POST", "/jobs/distillation/lease") => ScriptedMemoryApi.Lease(holder = System.Text.Json.JsonDocument.Parse(body!).RootElement.GetProperty("holder").GetString()!, 7),
            ("GET", "/jobs/distillation/checkpoint") => ScriptedMemoryApi.Json(new { job = "distillation", watermark = (long?)null, updated_at = (DateTimeOffset?)null }),
            ("DELETE", "/jobs/distillation/lease") when request.RequestUri.Query == $"?holder={Uri.EscapeDataString(holder!)}&token=7" => new HttpResponseMessage(HttpStatusCode.NoContent),
            _ => null,
        };

        var result = await Pass().RunAsync(PassTrigger.Schedule, TestContext.Current.CancellationToken);

        Assert.Equal(PassStatus.Failed, result.Status);
        Assert.Contains(LegacyStateFile.FileName, result.Error, StringComparison.Ordinal);
        Assert.StartsWith("worker-a/", holder, StringComparison.Ordinal);
        Assert.Equal(["POST /jobs/distillation/lease", "GET /jobs/distillation/checkpoint", "DELETE /jobs/distillation/lease"], _api.Calls);
    }
}
