namespace MemoryCore.Retrieval;

/// <summary>Which signals a search uses.</summary>
public enum SearchMode
{
    /// <summary>Embedding similarity only (the default, and what <c>score</c> means without explain).</summary>
    Vector,

    /// <summary>Keyword relevance only (PostgreSQL tsvector / SQLite FTS5).</summary>
    FullText,

    /// <summary>Vector and full-text, fused.</summary>
    Hybrid,

    /// <summary>Hybrid plus the entity/graph boost.</summary>
    Graph,
}
