using System.Text.Json;
using MemoryCore.Categories;
using MemoryCore.Embeddings.Local;
using MemoryCore.Engine;
using MemoryCore.Storage;
using MemoryTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MemoryTests.Categories;

/// <summary>
/// The zero-key categoriser's quality on the labelled sets in bench/categories, with the shipped thresholds, through the
/// same class the engine uses. The floors sit below what bench/MemoryBench categories measured (docs/benchmarks.md,
/// "Zero-key categories": labelled set top-1 72.7 %, F1 67.9 %; held-out top-1 68.8 %, F1 62.5 %) with a margin of
/// about three facts, so a change to the descriptions, thresholds or model that makes it clearly worse fails here.
/// </summary>
public sealed class ZeroKeyCategorizerQualityTests
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private sealed record Fact(string Text, string[] Categories);

    private sealed record LabelledFile(Fact[] Facts);

    [Theory]
    [InlineData("labelled-facts.json", 0.68, 0.63)]
    [InlineData("held-out-facts.json", 0.60, 0.55)]
    public async Task The_local_model_tags_labelled_facts_with_mem0s_default_categories(string file, double minTop1, double minF1)
    {
        var facts = JsonSerializer.Deserialize<LabelledFile>(
            await File.ReadAllTextAsync(Path.Combine(NodeScript.RepositoryRoot(), "bench", "categories", file)), WebJson)!.Facts;
        using var generator = new LocalEmbeddingGenerator(NullLogger<LocalEmbeddingGenerator>.Instance);
        var embedder = new Embedder(generator, new EmbeddingIdentity(ArcticXsModel.Id, ArcticXsModel.Dimensions));
        var categorizer = new EmbeddingCategorizer(
            embedder, Options.Create(new CategoryOptions()), Options.Create(new MemoryCore.Embeddings.EmbeddingOptions { Provider = MemoryCore.Embeddings.EmbeddingProvider.Local }));

        var vectors = await embedder.EmbedAsync(facts.Select(f => f.Text).ToList(), CancellationToken.None);
        var tags = await categorizer.AssignAsync(DefaultCategories.Set, vectors, CancellationToken.None);

        var top1 = facts.Where((f, i) => tags[i].Count > 0 && f.Categories.Contains(tags[i][0])).Count() / (double)facts.Length;
        var picked = tags.Sum(t => t.Count);
        var correct = facts.Select((f, i) => tags[i].Count(f.Categories.Contains)).Sum();
        var precision = (double)correct / picked;
        var recall = (double)correct / facts.Sum(f => f.Categories.Length);
        var f1 = 2 * precision * recall / (precision + recall);
        Assert.True(top1 >= minTop1, $"top-1 {top1:P1} < {minTop1:P0}");
        Assert.True(f1 >= minF1, $"F1 {f1:P1} (precision {precision:P1}, recall {recall:P1}) < {minF1:P0}");
        Assert.All(tags, t => Assert.InRange(t.Count, 1, new CategoryOptions().MaxPerMemory));
    }
}
