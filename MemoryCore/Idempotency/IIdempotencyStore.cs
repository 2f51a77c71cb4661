namespace MemoryCore.Idempotency;

/// <summary>The first answer to a request sent with an Idempotency-Key: replayed byte for byte to its retries.</summary>
public sealed record IdempotentAnswer(int StatusCode, string Body, string? Location);

/// <summary>One caller's key: keys of different API keys never meet. <paramref name="Fingerprint"/> is a digest of the
/// request (route and body), so the same key with another request is told apart. <paramref name="UserId"/> is the person
/// the request concerns (its body's user_id), stored with the row so that erasing that person also deletes the stored
/// answer, which quotes their memories; <paramref name="Tenant"/> is the caller's tenant, so erasing the same user id in
/// another tenant leaves it alone.</summary>
public sealed record IdempotencyKey(string ActorKeyId, string Key, string Fingerprint, string? UserId = null, string Tenant = Model.MemoryScope.DefaultTenant);

/// <summary>An answer to record for a key in another write's transaction (the async add's enqueue).</summary>
public sealed record IdempotentCompletion(IdempotencyKey Key, IdempotentAnswer Answer);

public enum IdempotencyOutcome
{
    /// <summary>This request holds the key (IN_FLIGHT): run it, then complete or abandon.</summary>
    Started,

    /// <summary>The first request finished: send <see cref="IdempotencyBegin.Answer"/>.</summary>
    Replay,

    /// <summary>The key was used for a different request.</summary>
    Mismatch,

    /// <summary>The first request with this key is still running.</summary>
    InProgress,
}

public sealed record IdempotencyBegin(IdempotencyOutcome Outcome, IdempotentAnswer? Answer = null);

/// <summary>
/// Idempotency-Key records, in the memory store's database. The key row is inserted before the request runs (unique per
/// caller and key), so of concurrent duplicates exactly one runs; the others are told it is in progress. An IN_FLIGHT row
/// whose holder died is taken over after <c>inFlight</c>; every row is forgotten after its <c>ttl</c>.
/// </summary>
public interface IIdempotencyStore
{
    Task<IdempotencyBegin> BeginAsync(IdempotencyKey key, TimeSpan inFlight, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Records the answer of the request holding the key.</summary>
    Task CompleteAsync(IdempotencyKey key, IdempotentAnswer answer, CancellationToken cancellationToken);

    /// <summary>Frees the key after a failure that wrote nothing, so that a retry runs again.</summary>
    Task AbandonAsync(IdempotencyKey key, CancellationToken cancellationToken);

    /// <summary>Deletes expired keys; returns how many.</summary>
    Task<int> PurgeExpiredAsync(CancellationToken cancellationToken);
}
