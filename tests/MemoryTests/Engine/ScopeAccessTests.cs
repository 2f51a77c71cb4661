using MemoryCore;
using MemoryCore.Model;

namespace MemoryTests.Engine;

/// <summary>The access rule every by-id call and every named scope is checked against (issue 10).</summary>
public sealed class ScopeAccessTests
{
    [Fact]
    public void A_scope_without_a_tenant_is_the_default_tenants_and_its_lock_key_is_what_it_was_before_tenants()
    {
        var scope = MemoryScope.Create("ana", null, "r1");

        Assert.Equal(MemoryScope.DefaultTenant, scope.Tenant);
        Assert.Equal("u:3:ana|a:-1:|r:2:r1", scope.LockKey);
        Assert.Equal("p:ana", scope.PersonLockKey);
    }

    [Fact]
    public void The_same_ids_in_two_tenants_are_two_scopes_with_two_locks()
    {
        var t1 = MemoryScope.Create("ana", null, null, "t1");
        var t2 = MemoryScope.Create("ana", null, null, "t2");

        Assert.NotEqual(t1, t2);
        Assert.NotEqual(t1.LockKey, t2.LockKey);
        Assert.NotEqual(t1.PersonLockKey, t2.PersonLockKey);
        Assert.NotEqual(t1.LockKey, MemoryScope.Create("ana", null, null).LockKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-leading-dash")]
    [InlineData("has space")]
    [InlineData("pipe|injection")]
    [InlineData("ünïcode")]
    [InlineData("nul\0")]
    public void A_malformed_tenant_is_a_validation_error(string tenant)
    {
        var error = Assert.Throws<MemoryValidationException>(() => MemoryScope.Create("ana", null, null, tenant));
        Assert.Equal(ValidationFailure.Invalid, error.Failure);
        Assert.Throws<MemoryValidationException>(() => new ScopeAccess(tenant));
    }

    [Fact]
    public void A_tenant_longer_than_64_characters_is_refused()
    {
        Assert.Equal(new string('a', 64), MemoryScope.Create("ana", null, null, new string('a', 64)).Tenant);
        Assert.Throws<MemoryValidationException>(() => MemoryScope.Create("ana", null, null, new string('a', 65)));
    }

    [Fact]
    public void An_unrestricted_key_sees_every_scope_of_its_tenant_and_nothing_of_another()
    {
        var access = new ScopeAccess("t1");

        Assert.True(access.CanSee(MemoryScope.Create("ana", null, null, "t1")));
        Assert.True(access.CanSee(MemoryScope.Create(null, "coach", null, "t1")));
        Assert.False(access.CanSee(MemoryScope.Create("ana", null, null, "t2")));
        Assert.False(access.CanSee(MemoryScope.Create("ana", null, null)));
        Assert.Equal("t1", access.Scope("ana", null, null).Tenant);
    }

    [Fact]
    public void A_key_restricted_to_a_list_reaches_only_those_people_and_no_agent_or_run_alone()
    {
        var access = new ScopeAccess("t1", ["ana", "bea"]);

        Assert.True(access.CanSee(MemoryScope.Create("ana", "coach", "r1", "t1")));
        Assert.False(access.CanSee(MemoryScope.Create("anabel", null, null, "t1")));
        Assert.False(access.CanSee(MemoryScope.Create(null, "coach", null, "t1")));
        Assert.False(access.CanSee(MemoryScope.Create("ana", null, null, "t2")));
        Assert.Throws<MemoryAccessDeniedException>(() => access.Scope("bob", null, null));
        Assert.Throws<MemoryAccessDeniedException>(() => access.Scope(null, "coach", null));
    }

    [Fact]
    public void A_key_restricted_to_a_prefix_is_matched_ordinally_and_either_rule_admits()
    {
        var access = new ScopeAccess("t1", ["guest"], "home-7/");

        Assert.True(access.AllowsUser("home-7/ana"));
        Assert.True(access.AllowsUser("guest"));
        Assert.False(access.AllowsUser("HOME-7/ana"));
        Assert.False(access.AllowsUser("home-70/ana"));
        Assert.False(access.AllowsUser(null));
    }

    [Fact]
    public void An_empty_prefix_is_no_restriction_but_an_empty_list_allows_nobody()
    {
        Assert.False(new ScopeAccess("t1", null, string.Empty).IsRestricted);
        var nobody = new ScopeAccess("t1", []);
        Assert.True(nobody.IsRestricted);
        Assert.False(nobody.AllowsUser("ana"));
    }
}
