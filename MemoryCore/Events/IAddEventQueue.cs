using MemoryCore.Idempotency;

namespace MemoryCore.Events;

/// <summary>
/// The durable queue of asynchronous adds, in the memory store's own database (PostgreSQL: claims with
/// FOR UPDATE SKIP LOCKED; SQLite: claims in its single-writer transactions). Times come from the store's clock.
/// A scope's events are claimed in the order they were accepted: an event waits while an earlier event of the same
/// exact scope is PENDING or RUNNING, so "I live in Paris" is reconciled before "I moved to Rome".
/// </summary>
public interface IAddEventQueue
{
    /// <summary>Stores the event as PENDING, and when <paramref name="idempotency"/> is given records its answer for the
    /// caller's Idempotency-Key, in one transaction: once this returns, the add is accepted and will be applied.</summary>
    Task EnqueueAsync(NewAddEvent added, IdempotentCompletion? idempotency, CancellationToken cancellationToken);

    /// <summary>Claims the oldest PENDING event that is due, or a RUNNING one whose lease expired (its worker died), for
    /// <paramref name="lease"/>. Of concurrent claimers each gets a different event. Null when nothing is due.</summary>
    Task<ClaimedAddEvent?> ClaimAsync(string worker, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends a current claim's lease; false when the claim was lost.</summary>
    Task<bool> RenewAsync(Guid id, long token, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Puts a current claim back to PENDING, due after <paramref name="delay"/>, with the failure's reason.</summary>
    Task<bool> RetryLaterAsync(Guid id, long token, string error, TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>Ends a current claim in FAILED with the reason.</summary>
    Task<bool> FailAsync(Guid id, long token, string error, CancellationToken cancellationToken);

    Task<AddEventRecord?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The events of <paramref name="tenant"/> whose user_id is <paramref name="userId"/> (any agent and run, every status), in the order they
    /// were accepted, after position <paramref name="afterSeq"/> (0 for the first page): for a person's export.</summary>
    Task<IReadOnlyList<SequencedAddEvent>> ListUserEventsAsync(string tenant, string userId, long afterSeq, int limit, CancellationToken cancellationToken);

    /// <summary>A page of <paramref name="tenant"/>'s events, newest first, and how many there are in all: every event of the
    /// tenant when <paramref name="actorKeyId"/> is null (an admin's view), else only those that key sent.</summary>
    Task<AddEventPage> ListEventsAsync(string tenant, string? actorKeyId, int offset, int limit, CancellationToken cancellationToken);
}

/// <summary>One page of <see cref="IAddEventQueue.ListEventsAsync"/>; <see cref="Total"/> counts every match.</summary>
public sealed record AddEventPage(long Total, IReadOnlyList<AddEventRecord> Events);

/// <summary>An event with its queue position, the cursor of <see cref="IAddEventQueue.ListUserEventsAsync"/>.</summary>
public sealed record SequencedAddEvent(long Seq, AddEventRecord Event);
