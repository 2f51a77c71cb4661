using MemoryCore.Idempotency;

namespace MemoryApi.Idempotency;

/// <summary>The key a request holds while it runs (set by <see cref="IdempotencyFilter"/>). A handler that records the
/// answer itself, in its own transaction (the async add), marks it <see cref="Completed"/>.</summary>
public sealed class IdempotencyHold(IdempotencyKey key)
{
    public IdempotencyKey Key { get; } = key;

    public bool Completed { get; set; }

    public static IdempotencyHold? Of(HttpContext context) => context.Features.Get<IdempotencyHold>();
}
