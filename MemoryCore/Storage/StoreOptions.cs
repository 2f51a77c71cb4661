namespace MemoryCore.Storage;

/// <summary>Options shared by both stores (section "Store").</summary>
public sealed class StoreOptions
{
    /// <summary>Folder of the embedded SQLite file; MEMORY_DATA_DIR overrides it.</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>PostgreSQL schema that holds the tables (created when missing).</summary>
    public string PostgresSchema { get; set; } = "memory";

    /// <summary>Scopes with at most this many memories are searched by an exact scan instead of the HNSW index,
    /// so a selective scope filter can never return too few rows. The exact scan is linear in the scope (about 1 µs a
    /// memory on PostgreSQL); at 1,000,000 memories it took 4.8 ms for 5,000, 11 ms for 10,000 and 27 ms for 20,000,
    /// where the index path took 15-25, 5-13 and 4-6 ms with recall@10 0.89, 0.96 and 0.975 (docs/benchmarks.md).
    /// Hence 10,000: past it a scope is both faster and accurate enough through the index.</summary>
    public int ExactSearchMaxRows { get; set; } = 10_000;

    /// <summary>hnsw.ef_search for index scans (at least twice the limit is used).</summary>
    public int HnswEfSearch { get; set; } = 100;

    /// <summary>maintenance_work_mem for building the HNSW index after a bulk load (a PostgreSQL size, e.g. "1GB").
    /// The build is several times faster when the graph fits in it.</summary>
    public string IndexBuildMemory { get; set; } = "1GB";

    /// <summary>max_parallel_maintenance_workers for that build (0 = the leader alone).</summary>
    public int IndexBuildWorkers { get; set; } = 1;
}
