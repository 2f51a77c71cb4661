using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Stores;

/// <summary>The key registry's tenant contract on both stores: keys keep their tenant and restrictions, every operation
/// naming a key is confined to the caller's tenant (null: the operator's view, every tenant), and a database whose
/// api_keys table predates tenants upgrades in place, its keys the default tenant's and unrestricted.</summary>
public abstract class KeyRegistryConformanceTests : FreshStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private IKeyRegistry Keys => (IKeyRegistry)Store;

    private static StoredApiKey Key(string id, string tenant, IReadOnlyList<string>? users = null, string? prefix = null, int minutes = 0) =>
        new(id, id + " name", "write", new string('a', 63) + id[^1], At.AddMinutes(minutes), null, null, tenant, users, prefix);

    [Fact]
    public async Task Keys_keep_their_tenant_and_restrictions()
    {
        await Keys.CreateKeyAsync(Key("k1", "t1", ["ana", "bob ✓"], "org1-"), CancellationToken.None);
        await Keys.CreateKeyAsync(Key("k2", "t2", minutes: 1), CancellationToken.None);

        var found = await Keys.FindActiveKeyAsync(new string('a', 63) + "1", CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal("t1", found.Tenant);
        Assert.Equal(["ana", "bob ✓"], found.AllowedUserIds);
        Assert.Equal("org1-", found.UserIdPrefix);
        var other = await Keys.GetKeyAsync("k2", "t2", CancellationToken.None);
        Assert.NotNull(other);
        Assert.Null(other.AllowedUserIds);
        Assert.Null(other.UserIdPrefix);
        Assert.False(other.IsRestricted);
    }

    [Fact]
    public async Task Every_operation_naming_a_key_stays_inside_the_tenant()
    {
        await Keys.CreateKeyAsync(Key("k1", "t1"), CancellationToken.None);
        await Keys.CreateKeyAsync(Key("k2", "t2", minutes: 1), CancellationToken.None);
        await Keys.CreateKeyAsync(Key("k3", "t1", minutes: 2), CancellationToken.None);

        Assert.Equal(["k1", "k3"], (await Keys.ListKeysAsync("t1", CancellationToken.None)).Select(k => k.Id));
        Assert.Equal(["k1", "k2", "k3"], (await Keys.ListKeysAsync(null, CancellationToken.None)).Select(k => k.Id));
        Assert.Empty(await Keys.ListKeysAsync("default", CancellationToken.None));
        Assert.Null(await Keys.GetKeyAsync("k2", "t1", CancellationToken.None));
        Assert.False(await Keys.RotateKeyAsync("k2", "t1", new string('b', 64), At, CancellationToken.None));
        Assert.False(await Keys.RevokeKeyAsync("k2", "t1", At, CancellationToken.None));

        var untouched = await Keys.GetKeyAsync("k2", null, CancellationToken.None);
        Assert.Equal(Key("k2", "t2", minutes: 1), untouched);
        Assert.True(await Keys.RotateKeyAsync("k2", "t2", new string('b', 64), At, CancellationToken.None));
        Assert.True(await Keys.RevokeKeyAsync("k1", null, At, CancellationToken.None));
        Assert.Null(await Keys.FindActiveKeyAsync(new string('a', 63) + "1", CancellationToken.None));
        Assert.Equal("t2", (await Keys.FindActiveKeyAsync(new string('b', 64), CancellationToken.None))?.Tenant);
    }

    [Fact]
    public async Task An_api_keys_table_from_before_tenants_upgrades_in_place()
    {
        await TestStore.QueryAsync("DROP TABLE {s}api_keys");
        await TestStore.QueryAsync(OldTable);
        await TestStore.QueryAsync($"INSERT INTO {{s}}api_keys (id, name, role, secret_sha256, created_at) VALUES ('old', 'old key', 'admin', '{new string('c', 64)}', {OldTime})");

        var upgraded = TestStore.Create(Identity);
        await upgraded.InitializeAsync(CancellationToken.None);
        await upgraded.InitializeAsync(CancellationToken.None);

        var old = await ((IKeyRegistry)upgraded).FindActiveKeyAsync(new string('c', 64), CancellationToken.None);
        Assert.NotNull(old);
        Assert.Equal(("old", "admin", "default"), (old.Id, old.Role, old.Tenant));
        Assert.False(old.IsRestricted);
        await ((IKeyRegistry)upgraded).CreateKeyAsync(Key("k1", "t1", ["ana"]), CancellationToken.None);
        Assert.Equal(["old"], (await ((IKeyRegistry)upgraded).ListKeysAsync("default", CancellationToken.None)).Select(k => k.Id));
    }

    /// <summary>The api_keys table as it was before tenants.</summary>
    protected abstract string OldTable { get; }

    protected abstract string OldTime { get; }
}

public sealed class SqliteKeyRegistryConformanceTests : KeyRegistryConformanceTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();

    protected override string OldTable => """
        CREATE TABLE api_keys (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('read', 'write', 'admin')),
            secret_sha256 TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, rotated_at INTEGER, revoked_at INTEGER)
        """;

    protected override string OldTime => "1700000000000000";
}

public sealed class PostgresKeyRegistryConformanceTests : KeyRegistryConformanceTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();

    protected override string OldTable => """
        CREATE TABLE {s}api_keys (
            id text PRIMARY KEY, name text NOT NULL, role text NOT NULL CHECK (role IN ('read', 'write', 'admin')),
            secret_sha256 text NOT NULL UNIQUE, created_at timestamptz NOT NULL, rotated_at timestamptz, revoked_at timestamptz)
        """;

    protected override string OldTime => "now()";
}
