using MemoryCore.Engine;
using MemoryCore.Model;
using MemoryCore.Retrieval;
using MemoryTests.Api;
using MemoryTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryTests.Graph;

/// <summary>
/// Graph-mode memory search with the same user id in two tenants, through the engine as the API wires it: each
/// tenant's search finds its own memory through the graph, never the other tenant's, and reports only its own
/// relations. On both stores (subclasses below).
/// </summary>
public abstract class GraphTenantSearchTests : MemoryApiTestBase
{
    private MemoryService Memory => Factory.Services.GetRequiredService<MemoryService>();

    private async Task<Guid> AddAsync(MemoryScope scope, string text) =>
        Assert.Single(await Memory.AddAsync(new AddMemoryRequest([new ChatTurn("user", text)], scope, Infer: false, RecordTurns: false), CancellationToken.None)).Id;

    /// <summary>Explain lists every signal of the mode; one that missed the memory has no rank.</summary>
    private static bool FoundByGraph(ScoredMemory hit) => hit.Explain![SearchModes.GraphSignal].Rank is not null;

    [Fact]
    public async Task Graph_mode_search_finds_only_its_tenants_memories_and_relations()
    {
        var t1 = MemoryScope.Create("ana", null, null, "t1");
        var t2 = MemoryScope.Create("ana", null, null, "t2");
        var inT1 = await AddAsync(t1, "My mother Maria loves gardening.");
        var inT2 = await AddAsync(t2, "My mother Maria loves painting.");

        foreach (var (scope, own, other) in new[] { (t1, inT1, inT2), (t2, inT2, inT1) })
        {
            var found = await Memory.SearchAsync(new SearchMemoryRequest("What does my mother love?", scope, Mode: SearchMode.Graph, Explain: true), CancellationToken.None);

            var hit = Assert.Single(found, m => m.Memory.Id == own);
            Assert.True(FoundByGraph(hit), "the graph signal did not find the tenant's own memory");
            Assert.DoesNotContain(found, m => FoundByGraph(m) && m.Memory.Id != own); // the graph signal's part
            Assert.DoesNotContain(found, m => m.Memory.Id == other); // and with the stores' tenant filter, every signal's
            Assert.NotEmpty(found.Relations!);
            Assert.All(found.Relations!, r => Assert.Equal([own], r.Relation.MemoryIds));
        }
    }
}

public sealed class SqliteGraphTenantSearchTests : GraphTenantSearchTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresGraphTenantSearchTests : GraphTenantSearchTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
