namespace MemoryCore.Storage;

/// <summary>What produced the stored vectors. A store refuses to open with other dimensions.</summary>
public sealed record EmbeddingIdentity(string Model, int Dimensions);
