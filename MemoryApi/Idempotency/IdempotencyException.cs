namespace MemoryApi.Idempotency;

/// <summary>An Idempotency-Key cannot be honoured for this request: malformed (400), used for a different request (422),
/// or its first request still running (409, retry).</summary>
public sealed class IdempotencyException(int status, string title, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Title { get; } = title;
}
