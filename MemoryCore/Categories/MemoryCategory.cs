namespace MemoryCore.Categories;

/// <summary>One category a memory can be tagged with: its name (what is stored and filtered on) and a description
/// (what the LLM reads, and what the in-process embedder compares a memory with).</summary>
public sealed record MemoryCategory(string Name, string Description);
