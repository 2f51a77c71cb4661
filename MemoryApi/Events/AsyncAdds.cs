using System.Text.Json;
using MemoryApi.Auth;
using MemoryApi.Idempotency;
using MemoryCore;
using MemoryCore.Engine;
using MemoryCore.Events;
using MemoryCore.Idempotency;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace MemoryApi.Events;

/// <summary>
/// Accepting an asynchronous add and reading its event, for the native and the Mem0 routes. An add is checked as a
/// synchronous one would be (bad input is answered now, never queued to fail later), then stored as a PENDING event; when
/// the request holds an Idempotency-Key, its 202 answer is recorded in the same transaction.
/// </summary>
public sealed class AsyncAdds(IAddEventQueue queue, MemoryService memory, AddEventSignal signal, IOptions<JsonOptions> json)
{
    /// <summary>The longest a caller may wait for an event in one request.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    /// <summary>Stores the add as an event and returns its id. <paramref name="answer"/> is the 202 body the route sends.</summary>
    public async Task<Guid> AcceptAsync<TAnswer>(AddMemoryRequest request, HttpContext http, Func<Guid, TAnswer> answer, Func<Guid, string?> location, CancellationToken cancellationToken)
        where TAnswer : notnull
    {
        memory.CheckAdd(request);
        var id = Guid.CreateVersion7();
        var hold = IdempotencyHold.Of(http);
        var completion = hold is null
            ? null
            : new IdempotentCompletion(hold.Key, new IdempotentAnswer(StatusCodes.Status202Accepted, JsonSerializer.Serialize(answer(id), json.Value.SerializerOptions), location(id)));
        await queue.EnqueueAsync(new NewAddEvent(id, request.Scope, AddEventPayload.Serialize(request), Actor.KeyId(http), Actor.TraceId()), completion, cancellationToken);
        if (hold is not null)
        {
            hold.Completed = true;
        }

        signal.Notify();
        return id;
    }

    /// <summary>The event, waiting up to <paramref name="wait"/> for it to finish. Another API key's event is "not found"
    /// (an admin key sees every event of its tenant), and so is any event of another tenant.</summary>
    public async Task<AddEventRecord> GetAsync(string eventId, string? wait, HttpContext http, CancellationToken cancellationToken)
    {
        var limit = ParseWait(wait);
        if (!Guid.TryParse(eventId, out var id))
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, "The event id must be a UUID.");
        }

        var deadline = DateTimeOffset.UtcNow + limit;
        var pause = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var found = await queue.GetAsync(id, cancellationToken);
            if (found is null || !Visible(found, http))
            {
                throw new EventNotFoundException(eventId);
            }

            if (found.IsTerminal || DateTimeOffset.UtcNow + pause > deadline)
            {
                return found;
            }

            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromMilliseconds(Math.Min(500, pause.TotalMilliseconds * 2));
        }
    }

    /// <summary>A page of the events the caller may see, newest first: in the caller's tenant, every event for an admin key,
    /// else only the events its own key sent (the same rule as <see cref="GetAsync"/>).</summary>
    public Task<AddEventPage> ListAsync(HttpContext http, int offset, int limit, CancellationToken cancellationToken) =>
        queue.ListEventsAsync(CallerAccess.Of(http).Tenant, Actor.IsAdmin(http) ? null : Actor.KeyId(http), offset, limit, cancellationToken);

    /// <summary>Only inside the event's tenant: there, to the key that sent it or an admin key. The tenant is checked first,
    /// so that neither a tenant's admin nor a key id shared by name (the configured ones) reaches across tenants.</summary>
    private static bool Visible(AddEventRecord found, HttpContext http) =>
        found.Scope.Tenant == CallerAccess.Of(http).Tenant && (found.ActorKeyId == Actor.KeyId(http) || Actor.IsAdmin(http));

    /// <summary><c>wait</c>: seconds ("10", "10s") or milliseconds ("500ms"), at most <see cref="MaxWait"/>; absent: no waiting.</summary>
    public static TimeSpan ParseWait(string? wait)
    {
        if (string.IsNullOrEmpty(wait))
        {
            return TimeSpan.Zero;
        }

        var (number, scale) = wait.EndsWith("ms", StringComparison.Ordinal) ? (wait[..^2], 0.001)
            : wait.EndsWith('s') ? (wait[..^1], 1.0)
            : (wait, 1.0);
        if (!double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value) || value < 0 || value * scale > MaxWait.TotalSeconds)
        {
            throw new MemoryValidationException(
                ValidationFailure.Invalid, $"wait must be a duration from 0 to {MaxWait.TotalSeconds:0} seconds, e.g. '10s', '10' or '500ms'.");
        }

        return TimeSpan.FromSeconds(value * scale);
    }
}
