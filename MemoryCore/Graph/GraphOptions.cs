namespace MemoryCore.Graph;

/// <summary>Where the entity graph lives (GRAPH_STORE_PROVIDER).</summary>
public enum GraphProvider
{
    /// <summary>No graph: no extraction, no relations in responses.</summary>
    None,

    /// <summary>Tables in the memory store itself, written in the same transaction as the memories (the default).</summary>
    Relational,

    /// <summary>Relational source of truth plus a Neo4j projection refreshed after each commit.</summary>
    Neo4j,
}

/// <summary>Graph memory settings (section "Graph"; GRAPH_STORE_PROVIDER and NEO4J_* override).</summary>
public sealed class GraphOptions
{
    public GraphProvider Provider { get; set; } = GraphProvider.Relational;

    /// <summary>A new entity merges with an existing node of the same scope when the cosine similarity of their
    /// name embeddings is at least this. Never across scopes.</summary>
    public double MergeThreshold { get; set; } = 0.7;

    /// <summary>How far search walks from the query's entities (1 = their direct relations).</summary>
    public int SearchHops { get; set; } = 1;

    /// <summary>At most this many relations are returned by a search.</summary>
    public int MaxSearchRelations { get; set; } = 20;

    /// <summary>"heuristic" forces the offline extractor even when an LLM is configured; "llm" or empty follows Llm:Model.</summary>
    public string? Extractor { get; set; }

    /// <summary>At most this many relations are kept from one write (an LLM can ramble).</summary>
    public int MaxRelationsPerWrite { get; set; } = 100;

    public Neo4jOptions Neo4j { get; set; } = new();

    public bool Enabled => Provider != GraphProvider.None;
}

/// <summary>The Neo4j projection's endpoint (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE).</summary>
public sealed class Neo4jOptions
{
    /// <summary>HTTP base address of the server, e.g. http://localhost:7474.</summary>
    public string? Uri { get; set; }

    public string User { get; set; } = "neo4j";

    public string? Password { get; set; }

    public string Database { get; set; } = "neo4j";

    /// <summary>Per statement. Short, because a projection sync runs while the scope's write lock is held.</summary>
    public int TimeoutSeconds { get; set; } = 10;
}
