using System.Text.Json;
using MemoryCore.Embeddings;
using MemoryCore.Model;
using MemoryCore.Storage;

namespace MemoryTests.Stores;

internal static class StoreTestData
{
    public const int Dimensions = 64;
    public static readonly EmbeddingIdentity Identity = new(HashingEmbeddingGenerator.ModelId, Dimensions);
    private static readonly HashingEmbeddingGenerator Embedder = new(Dimensions);
    private static long _tick = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).UtcTicks;

    public static float[] Vector(string text) => Embedder.Embed(text);

    /// <summary>Distinct, increasing timestamps (microsecond precision) so ordering is deterministic.</summary>
    public static DateTimeOffset NextTime() => new(Interlocked.Add(ref _tick, 10_000), TimeSpan.Zero);

    public static InsertMemory Insert(MemoryScope scope, string text, object? metadata = null)
    {
        var at = NextTime();
        var meta = metadata is null
            ? MetadataJson.Empty
            : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(metadata))!;
        var record = new MemoryRecord(Guid.NewGuid(), text, MemoryHash.Compute(text), meta, at, at, scope.UserId, scope.AgentId, scope.RunId, scope.Tenant, scope.AppId);
        return new InsertMemory(record, Vector(text));
    }

    public static async Task<MemoryRecord> AddAsync(IMemoryStore store, MemoryScope scope, string text, object? metadata = null)
    {
        var insert = Insert(scope, text, metadata);
        await using var writer = await store.OpenWriterAsync(scope, CancellationToken.None);
        await writer.CommitAsync([insert], CancellationToken.None);
        return insert.Memory;
    }

    public static MemoryScope User(string user, string? agent = null, string? run = null) => MemoryScope.Create(user, agent, run);
}
