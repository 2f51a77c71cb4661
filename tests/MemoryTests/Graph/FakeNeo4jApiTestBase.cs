using MemoryTests.Api;
using MemoryTests.Infrastructure;

namespace MemoryTests.Graph;

/// <summary>The memory API on SQLite with GRAPH_STORE_PROVIDER=neo4j, projecting to a <see cref="FakeNeo4jServer"/>.</summary>
public abstract class FakeNeo4jApiTestBase : MemoryApiTestBase
{
    private protected FakeNeo4jServer Neo4j { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["GRAPH_STORE_PROVIDER"] = "neo4j",
        ["NEO4J_URI"] = Neo4j.BaseUrl.ToString(),
        ["NEO4J_USER"] = "neo4j",
        ["NEO4J_PASSWORD"] = "secret",
        ["Retrieval:DefaultMode"] = "vector",
    };

    protected override TestStore CreateTestStore() => new SqliteTestStore();

    public override async ValueTask InitializeAsync()
    {
        Neo4j = await FakeNeo4jServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Neo4j.DisposeAsync();
    }
}
