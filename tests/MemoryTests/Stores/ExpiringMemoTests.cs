using MemoryCore.Model;
using MemoryCore.Storage.Postgres;
using Microsoft.Extensions.Time.Testing;

namespace MemoryTests.Stores;

/// <summary>What the PostgreSQL store remembers about a scope (a scope too large for the exact scan, a large scope's
/// full-text statistics) is reused for its lifetime only, for that exact key only, and never grows without bound.</summary>
public sealed class ExpiringMemoTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_value_is_reused_for_its_lifetime_and_then_forgotten()
    {
        var memo = new ExpiringMemo<MemoryScope, int>(_clock, TimeSpan.FromMinutes(1));
        var alice = MemoryScope.Create("alice", null, null);

        Assert.False(memo.TryGet(alice, out _));
        memo.Remember(alice, 42);
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.True(memo.TryGet(alice, out var value));
        Assert.Equal(42, value);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(memo.TryGet(alice, out _));
    }

    [Fact]
    public void Only_the_same_tenant_scope_and_kind_of_match_find_it()
    {
        var memo = new ExpiringMemo<(MemoryScope, bool), bool>(_clock, TimeSpan.FromMinutes(1));
        memo.Remember((MemoryScope.Create("alice", null, null), true), true);

        Assert.True(memo.TryGet((MemoryScope.Create("alice", null, null), true), out _));
        Assert.False(memo.TryGet((MemoryScope.Create("alice", null, null), false), out _));
        Assert.False(memo.TryGet((MemoryScope.Create("alice", null, null, tenant: "other"), true), out _));
        Assert.False(memo.TryGet((MemoryScope.Create("alice", "coach", null), true), out _));
        Assert.False(memo.TryGet((MemoryScope.Create("bob", null, null), true), out _));
    }

    [Fact]
    public void Reaching_capacity_forgets_everything_rather_than_growing()
    {
        var memo = new ExpiringMemo<MemoryScope, bool>(_clock, TimeSpan.FromMinutes(1), capacity: 3);
        foreach (var user in new[] { "a", "b", "c" })
        {
            memo.Remember(MemoryScope.Create(user, null, null), true);
        }

        memo.Remember(MemoryScope.Create("d", null, null), true);

        Assert.False(memo.TryGet(MemoryScope.Create("a", null, null), out _));
        Assert.True(memo.TryGet(MemoryScope.Create("d", null, null), out _));
    }
}
