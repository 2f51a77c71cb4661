using System.Net;
using System.Text;
using System.Text.Json;

namespace DistillationWorker.Tests.Fakes;

/// <summary>
/// Stands in for MemoryApi in unit tests: answers each request with <see cref="Respond"/> and records "METHOD /path"
/// (and the body) of every call. Anything not scripted fails the request loudly.
/// </summary>
internal sealed class ScriptedMemoryApi : HttpMessageHandler
{
    private readonly List<string> _calls = [];

    public Func<HttpRequestMessage, string?, HttpResponseMessage?> Respond { get; set; } = (_, _) => null;

    /// <summary>Completed with the call's "METHOD /path" each time a request arrives; replace it to wait for the next one.</summary>
    public TaskCompletionSource<string> NextCall { get; set; } = NewSignal();

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public HttpClient Client() => new(this, disposeHandler: false) { BaseAddress = new Uri("http://memoryapi/") };

    public static TaskCompletionSource<string> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static HttpResponseMessage Json(object body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Lease(string holder, long token) => Json(new
    {
        job = "distillation", holder, token, acquired_at = DateTimeOffset.UnixEpoch, expires_at = DateTimeOffset.UnixEpoch.AddMinutes(5),
    });

    public static HttpResponseMessage HeldBy(string holder) =>
        Json(new { title = "Lease held", status = 409, holder, expires_at = DateTimeOffset.UnixEpoch.AddMinutes(5) }, HttpStatusCode.Conflict);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var call = $"{request.Method} {request.RequestUri!.AbsolutePath}";
        lock (_calls)
        {
            _calls.Add(call);
        }

        var response = Respond(request, body) ?? throw new InvalidOperationException($"unexpected request {request.Method} {request.RequestUri} {body}");
        NextCall.TrySetResult(call);
        return response;
    }
}
