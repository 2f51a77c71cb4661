using System.Collections.Concurrent;

namespace MemoryCore.Storage.Postgres;

/// <summary>
/// What the PostgreSQL store learnt about a scope and may reuse for a while instead of reading it again: that a scope is
/// too large for the exact scan (<see cref="PostgresVectorSearch"/>), a large scope's full-text statistics
/// (<see cref="PostgresFullTextSearch"/>). Each use says why a value up to <c>lifetime</c> old is safe to reuse.
/// Bounded: emptied if it ever reaches its capacity, rather than growing.
/// </summary>
internal sealed class ExpiringMemo<TKey, TValue>(TimeProvider clock, TimeSpan lifetime, int capacity = 4096)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset Until)> _entries = new();

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            if (entry.Until > clock.GetUtcNow())
            {
                value = entry.Value;
                return true;
            }

            _entries.TryRemove(new KeyValuePair<TKey, (TValue, DateTimeOffset)>(key, entry));
        }

        value = default!;
        return false;
    }

    public void Remember(TKey key, TValue value)
    {
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[key] = (value, clock.GetUtcNow() + lifetime);
    }
}
