using MemoryCore.Model;
using MemoryCore.Storage.Postgres;
using Microsoft.Extensions.Time.Testing;

namespace MemoryTests.Stores;

/// <summary>The PostgreSQL search remembers scopes it counted past the exact-scan limit, for a while, per exact scope.</summary>
public sealed class LargeScopeMemoTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_scope_is_large_for_its_lifetime_and_then_counted_again()
    {
        var memo = new LargeScopeMemo(_clock, TimeSpan.FromMinutes(1));
        var alice = MemoryScope.Create("alice", null, null);

        Assert.False(memo.IsLarge(alice, exactScope: true));
        memo.RememberLarge(alice, exactScope: true);
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.True(memo.IsLarge(alice, exactScope: true));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(memo.IsLarge(alice, exactScope: true));
    }

    [Fact]
    public void Only_the_same_tenant_scope_and_kind_of_match_count_as_remembered()
    {
        var memo = new LargeScopeMemo(_clock, TimeSpan.FromMinutes(1));
        memo.RememberLarge(MemoryScope.Create("alice", null, null), exactScope: true);

        Assert.True(memo.IsLarge(MemoryScope.Create("alice", null, null), exactScope: true));
        Assert.False(memo.IsLarge(MemoryScope.Create("alice", null, null), exactScope: false));
        Assert.False(memo.IsLarge(MemoryScope.Create("alice", null, null, tenant: "other"), exactScope: true));
        Assert.False(memo.IsLarge(MemoryScope.Create("alice", "coach", null), exactScope: true));
        Assert.False(memo.IsLarge(MemoryScope.Create("bob", null, null), exactScope: true));
    }

    [Fact]
    public void Reaching_capacity_forgets_everything_rather_than_growing()
    {
        var memo = new LargeScopeMemo(_clock, TimeSpan.FromMinutes(1), capacity: 3);
        foreach (var user in new[] { "a", "b", "c" })
        {
            memo.RememberLarge(MemoryScope.Create(user, null, null), exactScope: true);
        }

        memo.RememberLarge(MemoryScope.Create("d", null, null), exactScope: true);

        Assert.False(memo.IsLarge(MemoryScope.Create("a", null, null), exactScope: true));
        Assert.True(memo.IsLarge(MemoryScope.Create("d", null, null), exactScope: true));
    }
}
