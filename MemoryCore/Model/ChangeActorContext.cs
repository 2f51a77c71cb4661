using System.Diagnostics;

namespace MemoryCore.Model;

/// <summary>
/// The <see cref="ChangeActor"/> of the work running on this async flow. MemoryApi sets it per request after
/// authentication; a background worker sets it around each queued change it applies (from the key id and trace id it
/// stored with the change), so the history rows the stores write name the original caller, not the worker.
/// Ambient rather than a parameter because every write path (add, update, delete, revert, delete_all, graph, erase)
/// ends in the change writers, and threading an actor through each signature would touch every store method.
/// </summary>
public static class ChangeActorContext
{
    private static readonly AsyncLocal<ChangeActor?> CurrentActor = new();

    /// <summary>The actor set on this flow; without one, the current activity's trace id and no key.</summary>
    public static ChangeActor Current =>
        CurrentActor.Value ?? (Activity.Current is { } activity && activity.IdFormat == ActivityIdFormat.W3C
            ? new ChangeActor(null, activity.TraceId.ToHexString())
            : ChangeActor.Unknown);

    /// <summary>Sets <paramref name="actor"/> until the returned scope is disposed (then the previous one again).</summary>
    public static IDisposable Use(ChangeActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var previous = CurrentActor.Value;
        CurrentActor.Value = actor;
        return new Restore(previous);
    }

    private sealed class Restore(ChangeActor? previous) : IDisposable
    {
        public void Dispose() => CurrentActor.Value = previous;
    }
}
