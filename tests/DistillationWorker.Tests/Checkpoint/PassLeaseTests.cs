using System.Net;
using System.Text.Json;
using DistillationWorker.Checkpoint;
using DistillationWorker.Client;
using DistillationWorker.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DistillationWorker.Tests.Checkpoint;

/// <summary>Renewal of a pass's lease on a fake clock: time moves only when the test says so.</summary>
public sealed class PassLeaseTests : IDisposable
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private static readonly JobLease Granted = new("distillation", "worker-a/1", 7, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch + Ttl);

    private readonly ScriptedMemoryApi _api = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch);

    public void Dispose() => _api.Dispose();

    private PassLease Hold() => PassLease.Hold(new MemoryApiClient(_api.Client()), Granted, Ttl, _clock, NullLogger.Instance, TestContext.Current.CancellationToken);

    private static bool IsRenewal(HttpRequestMessage request, string? body) =>
        request.Method == HttpMethod.Post && body is not null && JsonDocument.Parse(body).RootElement.TryGetProperty("token", out var token) && token.GetInt64() == 7;

    /// <summary>Moves the clock a renewal interval at a time until <paramref name="signal"/> fires. More than one step
    /// may be needed when the renewal loop had not yet set its next timer when the clock moved.</summary>
    private async Task<string> AdvanceUntilAsync(TaskCompletionSource<string> signal, TimeSpan step)
    {
        while (!signal.Task.IsCompleted)
        {
            _clock.Advance(step);
            await Task.WhenAny(signal.Task, Task.Delay(20, TestContext.Current.CancellationToken));
        }

        return await signal.Task;
    }

    [Fact]
    public async Task It_renews_every_third_of_the_ttl_with_its_token_and_releases_on_dispose()
    {
        _api.Respond = (request, body) => IsRenewal(request, body) ? ScriptedMemoryApi.Lease("worker-a/1", 7)
            : request.Method == HttpMethod.Delete && request.RequestUri!.Query == "?holder=worker-a%2F1&token=7" ? new HttpResponseMessage(HttpStatusCode.NoContent)
            : null;
        var lease = Hold();
        Assert.Equal(TimeSpan.FromSeconds(10), lease.RenewEvery);

        _clock.Advance(lease.RenewEvery);
        await _api.NextCall.Task.WaitAsync(TestContext.Current.CancellationToken);
        await lease.DisposeAsync();

        Assert.Equal(["POST /jobs/distillation/lease", "DELETE /jobs/distillation/lease"], _api.Calls);
        Assert.Null(lease.Lost);
    }

    [Fact]
    public async Task A_renewal_refused_because_another_pass_took_over_cancels_the_pass_and_nothing_is_released()
    {
        _api.Respond = (request, body) => IsRenewal(request, body) ? ScriptedMemoryApi.HeldBy("worker-b/2") : null;
        var lease = Hold();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lease.Token.Register(() => stopped.SetResult());

        _clock.Advance(lease.RenewEvery);
        await stopped.Task.WaitAsync(TestContext.Current.CancellationToken);
        await lease.DisposeAsync();

        Assert.Equal("worker-b/2", lease.Lost?.Current?.Holder);
        Assert.Equal(["POST /jobs/distillation/lease"], _api.Calls);
    }

    [Fact]
    public async Task A_renewal_that_fails_otherwise_is_retried_at_the_next_tick_and_the_pass_goes_on()
    {
        var renewals = 0;
        _api.Respond = (request, body) => !IsRenewal(request, body) ? new HttpResponseMessage(HttpStatusCode.NoContent)
            : Interlocked.Increment(ref renewals) == 1 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : ScriptedMemoryApi.Lease("worker-a/1", 7);
        var lease = Hold();

        _clock.Advance(lease.RenewEvery);
        await _api.NextCall.Task.WaitAsync(TestContext.Current.CancellationToken);
        _api.NextCall = ScriptedMemoryApi.NewSignal();
        await AdvanceUntilAsync(_api.NextCall, lease.RenewEvery);

        Assert.False(lease.Token.IsCancellationRequested);
        Assert.Null(lease.Lost);
        await lease.DisposeAsync();
        Assert.Equal(2, renewals);
    }
}
