using MemoryCore.Retrieval;

namespace MemoryTests.Retrieval;

public sealed class FusionTests
{
    private static readonly Guid A = new("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = new("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = new("00000000-0000-0000-0000-00000000000c");
    private static readonly Guid D = new("00000000-0000-0000-0000-00000000000d");

    private static SignalResult List(string signal, double weight, params (Guid Id, double Score)[] hits) =>
        new(signal, weight, hits.Select(h => new SignalHit(h.Id, h.Score)).ToList());

    [Fact]
    public void Rrf_rewards_agreement_between_signals()
    {
        var fused = new ReciprocalRankFusion(60).Fuse(
        [
            List("vector", 1, (A, 0.9), (B, 0.8), (C, 0.7)),
            List("fulltext", 1, (B, 12), (C, 11), (D, 3)),
        ]);

        Assert.Equal([B, C, A, D], fused.Select(f => f.MemoryId));
        Assert.Equal((1.0 / 62 + 1.0 / 61) / (2.0 / 61), fused[0].Score, 12);
        Assert.Equal(new SignalScore(0.8, 2), fused[0].Signals["vector"]);
        Assert.Equal(new SignalScore(12, 1), fused[0].Signals["fulltext"]);
        Assert.Equal(SignalScore.Missed, fused.Single(f => f.MemoryId == D).Signals["vector"]);
    }

    [Fact]
    public void Rrf_scores_one_only_for_first_place_in_every_signal_and_stays_in_range()
    {
        var fused = new ReciprocalRankFusion(60).Fuse([List("vector", 1, (A, 0.5), (B, 0.4)), List("fulltext", 1, (A, 2))]);

        Assert.Equal(1.0, fused[0].Score, 12);
        Assert.All(fused, f => Assert.InRange(f.Score, 0, 1));
        Assert.True(fused[1].Score < 0.5, "found by one signal of two: at most half");
    }

    [Fact]
    public void Weights_shift_the_balance()
    {
        SignalResult[] lists = [List("vector", 1, (A, 0.9), (B, 0.1)), List("fulltext", 1, (B, 9), (A, 1))];

        var even = new ReciprocalRankFusion(60).Fuse(lists);
        var textHeavy = new ReciprocalRankFusion(60).Fuse([lists[0], lists[1] with { Weight = 3 }]);
        var vectorHeavy = new ReciprocalRankFusion(60).Fuse([lists[0] with { Weight = 3 }, lists[1]]);

        Assert.Equal(even[0].Score, even[1].Score, 12);
        Assert.Equal(B, textHeavy[0].MemoryId);
        Assert.Equal(A, vectorHeavy[0].MemoryId);
    }

    [Fact]
    public void Ties_are_broken_by_best_rank_then_id_so_the_order_is_stable()
    {
        var fused = new ReciprocalRankFusion(60).Fuse([List("vector", 1, (B, 0.9), (D, 0.8)), List("fulltext", 1, (C, 5), (A, 4))]);

        Assert.Equal([B, C, A, D], fused.Select(f => f.MemoryId));
    }

    [Fact]
    public void A_signal_listing_a_memory_twice_keeps_its_first_rank()
    {
        var fused = new ReciprocalRankFusion(60).Fuse([List("graph", 1, (A, 3), (B, 2), (A, 1))]);

        Assert.Equal(new SignalScore(3, 1), fused.Single(f => f.MemoryId == A).Signals["graph"]);
        Assert.Equal(2, fused.Count);
    }

    [Fact]
    public void Any_number_of_signals_fuse_and_empty_lists_are_fine()
    {
        Assert.Empty(new ReciprocalRankFusion().Fuse([]));
        Assert.Empty(new NormalizedScoreFusion().Fuse([List("vector", 1)]));

        var fused = new ReciprocalRankFusion().Fuse([List("vector", 1, (A, 1)), List("fulltext", 1), List("graph", 1, (A, 1)), List("recency", 1, (B, 1))]);

        Assert.Equal([A, B], fused.Select(f => f.MemoryId));
        Assert.Equal(["fulltext", "graph", "recency", "vector"], fused[0].Signals.Keys.Order());
    }

    [Fact]
    public void Normalised_fusion_keeps_score_gaps()
    {
        var fused = new NormalizedScoreFusion().Fuse(
        [
            List("vector", 1, (A, 0.90), (B, 0.89), (C, 0.10)),
            List("fulltext", 1, (C, 20), (B, 2), (A, 1)),
        ]);

        // A: (1 + 0) / 2; B: (0.9875 + 0.0526) / 2; C: (0 + 1) / 2.
        Assert.Equal([B, A, C], fused.Select(f => f.MemoryId));
        Assert.Equal((0.79 / 0.80 + 1.0 / 19) / 2, fused[0].Score, 9);
        Assert.Equal(0.5, fused[1].Score, 9);
    }

    [Fact]
    public void Normalised_fusion_gives_a_lone_or_uniform_candidate_full_marks()
    {
        var fused = new NormalizedScoreFusion().Fuse([List("vector", 2, (A, 0.3)), List("fulltext", 1, (B, 4), (C, 4))]);

        Assert.Equal(2.0 / 3, fused.Single(f => f.MemoryId == A).Score, 12);
        Assert.Equal(1.0 / 3, fused.Single(f => f.MemoryId == B).Score, 12);
    }
}
