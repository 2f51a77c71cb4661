using MemoryApi.Events;
using MemoryCore.Graph.Engine;

namespace MemoryApi.Apis.Mem0;

/// <summary>What an add did: its results when applied now, or the queued answer when <c>async_mode</c> deferred it.</summary>
internal sealed record Mem0AddOutcome(IReadOnlyList<Mem0AddResult>? Results, AddRelations? Relations, Mem0AddQueued? Queued);

/// <summary>
/// Runs a Mem0 add of any version: the body's one translation (<see cref="Mem0AddTranslation"/>), then the engine's add,
/// synchronous unless <c>async_mode: true</c> (then queued as an event, as the Platform does; <c>GET /v1/event/{id}/</c>
/// reports it). The routes only shape <see cref="Mem0AddOutcome"/> into their version's answer.
/// </summary>
internal static class Mem0Adding
{
    public static async Task<Mem0AddOutcome> RunAsync(Mem0AddBody body, MemoryApiServices services, AsyncAdds asyncAdds, HttpContext http, CancellationToken cancellationToken)
    {
        var request = Mem0AddTranslation.ToEngine(body, services.Access);
        if (body.AsyncMode == true)
        {
            var id = await asyncAdds.AcceptAsync(request, http, Mem0AddQueued.Pending, Mem0EventsApi.Location, cancellationToken);
            return new Mem0AddOutcome(null, null, Mem0AddQueued.Pending(id));
        }

        var (results, relations) = await services.Memory.AddWithRelationsAsync(request, cancellationToken);
        return new Mem0AddOutcome(
            results.Select(Mem0AddResult.From).ToList(),
            AddRelations.From(relations),
            null);
    }
}
