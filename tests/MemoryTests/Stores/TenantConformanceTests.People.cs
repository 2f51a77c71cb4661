using MemoryCore.Embeddings;
using MemoryCore.Engine;
using MemoryCore.Events;
using MemoryCore.Extraction.Heuristic;
using MemoryCore.Idempotency;
using MemoryCore.Model;
using MemoryCore.Retrieval;
using MemoryCore.Storage;
using MemoryTests.Fakes;
using MemoryTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static MemoryTests.Stores.StoreTestData;

namespace MemoryTests.Stores;

/// <summary>Queued adds, a person's export and erasure, import and the engine's dedupe, per tenant; and a database
/// created before tenants existed.</summary>
public abstract partial class TenantConformanceTests
{
    private IPersonDataStore People => (IPersonDataStore)Store;

    [Fact]
    public async Task Queued_adds_carry_their_tenant_and_a_person_lists_only_their_tenants_events()
    {
        var queue = StoreQueues.Events(Store, TimeProvider.System);
        var ids = new Dictionary<string, Guid>();
        foreach (var tenant in Tenants)
        {
            ids[tenant] = Guid.CreateVersion7();
            var request = new AddMemoryRequest([new ChatTurn("user", $"I live in {tenant}.")], In(tenant), Infer: false);
            await queue.EnqueueAsync(new NewAddEvent(ids[tenant], In(tenant), AddEventPayload.Serialize(request), null, null), null, CancellationToken.None);
        }

        foreach (var tenant in Tenants)
        {
            var stored = await queue.GetAsync(ids[tenant], CancellationToken.None);
            Assert.Equal(In(tenant), stored!.Scope);
            Assert.Equal(In(tenant), AddEventPayload.Deserialize(stored.Payload).Scope);
            var listed = Assert.Single(await queue.ListUserEventsAsync(tenant, "ana", 0, 10, CancellationToken.None));
            Assert.Equal(ids[tenant], listed.Event.Id);
        }

        // Same ids, different tenants: different scopes, so one's open event does not hold the others back.
        var claimed = new[] { await queue.ClaimAsync("w", TimeSpan.FromMinutes(1), CancellationToken.None), await queue.ClaimAsync("w", TimeSpan.FromMinutes(1), CancellationToken.None) };
        Assert.Equal(2, claimed.Select(c => c!.Id).Distinct().Count());
    }

    [Fact]
    public void A_payload_queued_before_tenants_existed_is_the_default_tenants()
    {
        var request = AddEventPayload.Deserialize("""{"messages":[{"role":"user","content":"I like tea."}],"user_id":"ana","infer":false,"record_turns":true}""");

        Assert.Equal(MemoryScope.Create("ana", null, null), request.Scope);
    }

    [Fact]
    public async Task Export_history_and_erasure_touch_only_the_tenant_they_name()
    {
        var stored = await SameIdsInEveryTenantAsync();
        await AppendTurnsAsync(In("t1"), "t1: my address is 1 Main St.");
        await AppendTurnsAsync(In("t2"), "t2: my address is 2 Side St.");
        var queue = StoreQueues.Events(Store, TimeProvider.System);
        var idempotency = StoreQueues.Idempotency(Store, TimeProvider.System);
        foreach (var tenant in new[] { "t1", "t2" })
        {
            var request = new AddMemoryRequest([new ChatTurn("user", $"Queued in {tenant}.")], In(tenant), Infer: false);
            await queue.EnqueueAsync(new NewAddEvent(Guid.CreateVersion7(), In(tenant), AddEventPayload.Serialize(request), null, null), null, CancellationToken.None);
            await idempotency.BeginAsync(new IdempotencyKey($"key-{tenant}", "k1", "f", "ana", tenant), TimeSpan.FromMinutes(1), TimeSpan.FromDays(1), CancellationToken.None);
        }

        var t1History = await People.ListUserHistoryAsync("t1", "ana", null, 100, CancellationToken.None);
        Assert.Equal([stored["t1"].Memory], t1History.Select(h => h.NewMemory));
        Assert.All(t1History, h => Assert.Equal("t1", h.Scope!.Tenant));

        var erasure = await People.EraseUserAsync("t1", "ana", NextTime(), CancellationToken.None);

        Assert.Equal((1, 1, 1, 1), (erasure.Memories, erasure.HistoryRowsRedacted, erasure.Turns, erasure.Events));
        Assert.Null(await Store.GetAsync(stored["t1"].Id, CancellationToken.None));
        foreach (var tenant in new[] { "t2", MemoryScope.DefaultTenant })
        {
            Assert.NotNull(await Store.GetAsync(stored[tenant].Id, CancellationToken.None));
            var history = await People.ListUserHistoryAsync(tenant, "ana", null, 100, CancellationToken.None);
            Assert.Equal([stored[tenant].Memory], history.Select(h => h.NewMemory)); // not redacted
        }

        Assert.Single(await Turns.ListTurnsAsync(In("t2"), DateTimeOffset.MinValue, 0, 10, CancellationToken.None));
        Assert.Empty(await queue.ListUserEventsAsync("t1", "ana", 0, 10, CancellationToken.None));
        Assert.Single(await queue.ListUserEventsAsync("t2", "ana", 0, 10, CancellationToken.None));
        Assert.Equal(["key-t2"], (await TestStore.QueryAsync("SELECT actor_key_id FROM {s}idempotency_keys")).Select(r => r[0]));
        Assert.Equal(["t1"], (await TestStore.QueryAsync("SELECT tenant_id FROM {s}erasure_audit")).Select(r => r[0]));
    }

    [Fact]
    public async Task Import_writes_each_memory_in_its_tenant_and_skips_duplicates_per_tenant()
    {
        const string text = "Ana takes her pills at eight.";
        var batch = Tenants.Select(t => Insert(In(t), text)).Append(Insert(In("t1"), text)).ToList();

        var inserted = await Store.ImportAsync(batch, CancellationToken.None);

        Assert.Equal(batch.Take(3).Select(i => i.MemoryId).ToHashSet(), inserted.ToHashSet()); // the second t1 line is a duplicate
        foreach (var tenant in Tenants)
        {
            var only = Assert.Single((await Store.ListAsync(In(tenant), null, 10, null, CancellationToken.None)).Items);
            Assert.Equal(tenant, only.Tenant);
            Assert.Equal(In(tenant), Assert.Single(await Store.GetHistoryAsync(only.Id, CancellationToken.None)).Scope);
        }

        // Each tenant's copy is "already stored" in its own tenant; the same text in a fourth tenant is not.
        var copies = batch.Take(3).Select(i => i.Memory with { Id = Guid.NewGuid() }).ToList();
        Assert.Equal([0, 1, 2], (await Store.FindStoredAsync(copies, CancellationToken.None)).Order());
        var again = Insert(In("t3"), text);
        Assert.Empty(await Store.FindStoredAsync([again.Memory], CancellationToken.None));
        Assert.Equal([again.MemoryId], await Store.ImportAsync([again], CancellationToken.None));
    }

    [Fact]
    public async Task The_engine_dedupes_and_reconciles_within_a_tenant_never_across()
    {
        var embedder = new Embedder(new HashingEmbeddingGenerator(Dimensions), Identity);
        var memory = new MemoryService(
            Store, embedder, new EchoFactExtractor(), new HeuristicMemoryReconciler(), Options.Create(new MemoryOptions()), TimeProvider.System,
            NullLogger<MemoryService>.Instance, new HybridSearch(Store, [new VectorSignal(Store)], Options.Create(new RetrievalOptions())));

        foreach (var infer in new[] { false, true })
        {
            var text = infer ? "I am allergic to cats." : "I like green tea.";
            foreach (var tenant in new[] { "t1", "t2", "t1", "t2" })
            {
                await memory.AddAsync(new AddMemoryRequest([new ChatTurn("user", text)], In(tenant), Infer: infer, RecordTurns: false), CancellationToken.None);
            }
        }

        foreach (var tenant in new[] { "t1", "t2" })
        {
            var page = await Store.ListAsync(In(tenant), null, 10, null, CancellationToken.None);
            Assert.Equal(["I like green tea.", "I am allergic to cats."], page.Items.Select(m => m.Memory));
            Assert.All(page.Items, m => Assert.Equal(tenant, m.Tenant));
        }
    }

    [Fact]
    public async Task A_database_created_before_tenants_opens_and_its_rows_are_the_default_tenants()
    {
        var memory = await AddAsync(Store, In(MemoryScope.DefaultTenant), "Ana walks the dog at noon.");
        await AppendTurnsAsync(In(MemoryScope.DefaultTenant), "I walk the dog at noon.");
        var queue = StoreQueues.Events(Store, TimeProvider.System);
        var eventId = Guid.CreateVersion7();
        var request = new AddMemoryRequest([new ChatTurn("user", "I walk the dog.")], In(MemoryScope.DefaultTenant), Infer: false);
        await queue.EnqueueAsync(new NewAddEvent(eventId, In(MemoryScope.DefaultTenant), AddEventPayload.Serialize(request), null, null), null, CancellationToken.None);
        await People.EraseUserAsync(MemoryScope.DefaultTenant, "nobody", NextTime(), CancellationToken.None);
        // Back to the shape of the previous schema: no tenant column anywhere, and a payload that names no tenant.
        await TestStore.QueryAsync("UPDATE {s}memory_events SET payload = '" +
            """{"messages":[{"role":"user","content":"I walk the dog."}],"user_id":"ana","agent_id":"helper","run_id":"r1","infer":false,"record_turns":true}""" + "'");
        await TestStore.QueryAsync("DROP INDEX {s}memories_scope_idx");
        await TestStore.QueryAsync("CREATE INDEX memories_user_scope_idx ON {s}memories (user_id, agent_id, run_id, hash)");
        foreach (var table in PreTenantTables)
        {
            await TestStore.QueryAsync($"ALTER TABLE {{s}}{table} DROP COLUMN tenant_id");
        }

        var reopened = TestStore.Create(Identity);
        await reopened.InitializeAsync(CancellationToken.None);

        var read = await reopened.GetAsync(memory.Id, CancellationToken.None);
        Assert.Equal(In(MemoryScope.DefaultTenant), read!.Scope);
        Assert.Equal(read.Id, Assert.Single((await reopened.SearchAsync(In(MemoryScope.DefaultTenant), Vector(read.Memory), null, 5, CancellationToken.None))).Memory.Id);
        Assert.Empty((await reopened.ListAsync(In("t1"), null, 10, null, CancellationToken.None)).Items);
        Assert.Equal(In(MemoryScope.DefaultTenant), Assert.Single(await reopened.GetHistoryAsync(memory.Id, CancellationToken.None)).Scope);
        Assert.Equal(MemoryScope.DefaultTenant, Assert.Single(await ((IConversationTurnStore)reopened).ListTurnScopesAsync(MemoryScope.DefaultTenant, 0, DateTimeOffset.MaxValue, CancellationToken.None)).Tenant);
        var queued = await StoreQueues.Events(reopened, TimeProvider.System).GetAsync(eventId, CancellationToken.None);
        Assert.Equal(In(MemoryScope.DefaultTenant), queued!.Scope);
        Assert.Equal(In(MemoryScope.DefaultTenant), AddEventPayload.Deserialize(queued.Payload).Scope);
        Assert.Equal([MemoryScope.DefaultTenant], (await TestStore.QueryAsync("SELECT tenant_id FROM {s}erasure_audit")).Select(r => r[0]));
    }

    /// <summary>The tables this suite's upgrade test takes back to their shape before tenants (the graph's are the graph's).</summary>
    private static readonly string[] PreTenantTables = ["memories", "memory_history", "conversation_turns", "memory_events", "erasure_audit", "idempotency_keys"];
}

public sealed class SqliteTenantConformanceTests : TenantConformanceTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresTenantConformanceTests : TenantConformanceTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
