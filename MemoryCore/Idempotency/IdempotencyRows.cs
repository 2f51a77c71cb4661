namespace MemoryCore.Idempotency;

/// <summary>What a key row that this request could not take means for it; the same rule for both stores.</summary>
internal static class IdempotencyRows
{
    public static IdempotencyBegin Outcome(IdempotencyKey key, string fingerprint, string state, int? statusCode, string? body, string? location) =>
        fingerprint != key.Fingerprint ? new IdempotencyBegin(IdempotencyOutcome.Mismatch)
        : state == "DONE" && statusCode is { } status && body is not null ? new IdempotencyBegin(IdempotencyOutcome.Replay, new IdempotentAnswer(status, body, location))
        : new IdempotencyBegin(IdempotencyOutcome.InProgress);
}
