using System.Globalization;
using System.Text.Json;
using MemoryCore.Categories;
using MemoryCore.Embeddings.Local;
using MemoryCore.Engine;
using MemoryCore.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemoryBench;

/// <summary>
/// How well the zero-key categoriser (the in-process model, the memory's vector against each category description's)
/// tags a hand-labelled set of facts with Mem0's default categories. Reports, for a grid of thresholds, top-1 accuracy
/// (the best category is one of the fact's labels) and micro set precision/recall/F1 of the rule's picks; and a
/// two-fold check (thresholds chosen on half the facts, scored on the other half) so the chosen thresholds are not
/// only fitted to the set they are reported on.
/// </summary>
internal static class CategoryBenchmark
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private sealed record Fact(string Text, string[] Categories);

    private sealed record LabelledFile(Fact[] Facts);

    private sealed record Score(double MinSimilarity, double Margin, double Precision, double Recall, double F1, double Empty);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var path = args.Get("data", "bench/categories/labelled-facts.json");
        var file = JsonSerializer.Deserialize<LabelledFile>(await File.ReadAllTextAsync(path), WebJson)!;
        var facts = file.Facts;
        using var generator = new LocalEmbeddingGenerator(NullLogger<LocalEmbeddingGenerator>.Instance);
        var embedder = new Embedder(generator, new EmbeddingIdentity(ArcticXsModel.Id, ArcticXsModel.Dimensions));
        var set = DefaultCategories.Set;
        var vectors = await embedder.EmbedAsync(facts.Select(f => f.Text).ToList(), CancellationToken.None);

        Console.WriteLine($"{facts.Length} facts, {set.Categories.Count} categories (Mem0's defaults), model {ArcticXsModel.Id}");
        foreach (var asQueries in new[] { false, true })
        {
            var categorizer = new EmbeddingCategorizer(embedder, new CategoryOptions(), CategoryScale.ArcticXs, asQueries);
            var similarities = await categorizer.SimilaritiesAsync(set, vectors, CancellationToken.None);
            var top1 = Enumerable.Range(0, facts.Length).Count(i => facts[i].Categories.Contains(set.Categories[ArgMax(similarities[i])].Name));
            var top1First = Enumerable.Range(0, facts.Length).Count(i => facts[i].Categories[0] == set.Categories[ArgMax(similarities[i])].Name);
            Console.WriteLine();
            Console.WriteLine($"descriptions embedded as {(asQueries ? "queries" : "documents")}:");
            Console.WriteLine(F($"  top-1 accuracy (best category is one of the labels): {top1}/{facts.Length} = {(double)top1 / facts.Length:P1}; is the first label: {top1First}/{facts.Length} = {(double)top1First / facts.Length:P1}"));
            var bestSimilarities = similarities.Select(s => s.Max()).Order().ToList();
            Console.WriteLine(F($"  best category's cosine per fact: min {bestSimilarities[0]:0.000}, median {bestSimilarities[bestSimilarities.Count / 2]:0.000}, max {bestSimilarities[^1]:0.000}"));
            if (args.Get("misses") is not null)
            {
                foreach (var i in Enumerable.Range(0, facts.Length).Where(i => !facts[i].Categories.Contains(set.Categories[ArgMax(similarities[i])].Name)))
                {
                    Console.WriteLine($"    miss: {facts[i].Text} -> {set.Categories[ArgMax(similarities[i])].Name} (labels {string.Join(',', facts[i].Categories)})");
                }
            }

            var best = Sweep(set, facts, similarities, Enumerable.Range(0, facts.Length).ToList());
            Console.WriteLine("  best by F1 over the grid (min similarity, margin): precision / recall / F1 / facts with no category");
            foreach (var s in best.Take(5))
            {
                Console.WriteLine(F($"    {s.MinSimilarity:0.000}, {s.Margin:0.000}: {s.Precision:P1} / {s.Recall:P1} / {s.F1:P1} / {s.Empty:P1}"));
            }

            var shipped = Evaluate(set, facts, similarities, Enumerable.Range(0, facts.Length).ToList(), CategoryScale.ArcticXs.MinSimilarity, CategoryScale.ArcticXs.Margin);
            Console.WriteLine(F($"  shipped thresholds ({CategoryScale.ArcticXs.MinSimilarity:0.000}, {CategoryScale.ArcticXs.Margin:0.000}): {shipped.Precision:P1} / {shipped.Recall:P1} / {shipped.F1:P1} / {shipped.Empty:P1}"));
            var even = Enumerable.Range(0, facts.Length).Where(i => i % 2 == 0).ToList();
            var odd = Enumerable.Range(0, facts.Length).Where(i => i % 2 == 1).ToList();
            foreach (var (fit, test, name) in new[] { (even, odd, "even→odd"), (odd, even, "odd→even") })
            {
                var chosen = Sweep(set, facts, similarities, fit)[0];
                var held = Evaluate(set, facts, similarities, test, chosen.MinSimilarity, chosen.Margin);
                Console.WriteLine(F($"  two-fold {name}: chose ({chosen.MinSimilarity:0.000}, {chosen.Margin:0.000}), held-out precision / recall / F1 {held.Precision:P1} / {held.Recall:P1} / {held.F1:P1}"));
            }
        }

        return 0;
    }

    private static List<Score> Sweep(CategorySet set, Fact[] facts, IReadOnlyList<double[]> similarities, List<int> items)
    {
        var scores = new List<Score>();
        for (var min = 0.20; min <= 0.90001; min += 0.005)
        {
            for (var margin = 0.0; margin <= 0.05001; margin += 0.0025)
            {
                scores.Add(Evaluate(set, facts, similarities, items, Math.Round(min, 3), Math.Round(margin, 4)));
            }
        }

        return [.. scores.OrderByDescending(s => s.F1).ThenByDescending(s => s.Precision)];
    }

    private static Score Evaluate(CategorySet set, Fact[] facts, IReadOnlyList<double[]> similarities, List<int> items, double min, double margin)
    {
        int picked = 0, correct = 0, labels = 0, empty = 0;
        foreach (var i in items)
        {
            var chosen = EmbeddingCategorizer.Pick(set, similarities[i], min, margin, new CategoryOptions().MaxPerMemory);
            picked += chosen.Count;
            correct += chosen.Count(facts[i].Categories.Contains);
            labels += facts[i].Categories.Length;
            empty += chosen.Count == 0 ? 1 : 0;
        }

        var precision = picked == 0 ? 0 : (double)correct / picked;
        var recall = (double)correct / labels;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Score(min, margin, precision, recall, f1, (double)empty / items.Count);
    }

    private static int ArgMax(double[] values) => Array.IndexOf(values, values.Max());

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
