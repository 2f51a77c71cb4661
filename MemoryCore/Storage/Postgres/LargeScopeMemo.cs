using System.Collections.Concurrent;
using MemoryCore.Model;

namespace MemoryCore.Storage.Postgres;

/// <summary>
/// The scopes a search recently counted past the exact-scan limit, so the next searches of such a scope go straight to the
/// HNSW path without counting it again. Counting is what made a large scope's search slow: the bounded count reads
/// ExactSearchMaxRows + 1 index entries (20,001 with the default of the time, 8 ms under EXPLAIN ANALYZE at 1,000,000 memories,
/// docs/benchmarks.md) before the index scan it then decides on.
/// </summary>
/// <remarks>
/// Remembering is safe because the index path answers any scope correctly: it is approximate, with iterative scans and an
/// exact re-sort, and a large scope that shrank below the limit is searched through it for at most <c>lifetime</c> more.
/// Only large scopes are remembered, and they are few; the memo is emptied if it ever reaches its capacity.
/// </remarks>
internal sealed class LargeScopeMemo(TimeProvider clock, TimeSpan lifetime, int capacity = 4096)
{
    private readonly ConcurrentDictionary<(MemoryScope Scope, bool Exact), DateTimeOffset> _largeUntil = new();

    public bool IsLarge(MemoryScope scope, bool exactScope)
    {
        if (!_largeUntil.TryGetValue((scope, exactScope), out var until))
        {
            return false;
        }

        if (until > clock.GetUtcNow())
        {
            return true;
        }

        _largeUntil.TryRemove(new KeyValuePair<(MemoryScope, bool), DateTimeOffset>((scope, exactScope), until));
        return false;
    }

    public void RememberLarge(MemoryScope scope, bool exactScope)
    {
        if (_largeUntil.Count >= capacity)
        {
            _largeUntil.Clear();
        }

        _largeUntil[(scope, exactScope)] = clock.GetUtcNow() + lifetime;
    }
}
