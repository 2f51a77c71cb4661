using System.Numerics.Tensors;
using System.Text.Json;
using MemoryCore.Embeddings;
using MemoryCore.Extraction;
using MemoryCore.Extraction.Heuristic;
using MemoryCore.Model;

namespace MemoryTests.Heuristics;

/// <summary>
/// The extractor and reconciler together, with candidate scores from the real offline hashing embedder, so the
/// default thresholds are exercised against the similarities the service actually computes.
/// </summary>
public sealed class HeuristicPipelineTests
{
    [Fact]
    public async Task A_conversation_over_several_adds_keeps_memory_current()
    {
        var scope = new InMemoryScope();

        Assert.Equal(
            [MemoryEvent.Add, MemoryEvent.Add, MemoryEvent.Add],
            await scope.AddAsync("Hi! I'm Ana and I live in Lisbon. I love dogs. What's the weather?"));
        Assert.Equal(["I'm Ana.", "I live in Lisbon.", "I love dogs."], scope.Memories);

        Assert.Equal([MemoryEvent.Update, MemoryEvent.None], await scope.AddAsync("Guess what, I moved to Porto. I love dogs!"));
        Assert.Equal(["I'm Ana.", "I moved to Porto.", "I love dogs."], scope.Memories);

        Assert.Equal([MemoryEvent.Update, MemoryEvent.Add], await scope.AddAsync("I don't like dogs anymore, I like cats."));
        Assert.Equal(["I'm Ana.", "I moved to Porto.", "I don't like dogs anymore.", "I like cats."], scope.Memories);

        Assert.Equal([MemoryEvent.Delete], await scope.AddAsync("Please forget where I live."));
        Assert.Equal(["I'm Ana.", "I don't like dogs anymore.", "I like cats."], scope.Memories);
    }

    [Fact]
    public async Task Multi_valued_preferences_accumulate_and_repeats_are_ignored()
    {
        var scope = new InMemoryScope();

        await scope.AddAsync("I like tea.");
        Assert.Equal([MemoryEvent.Add], await scope.AddAsync("I like coffee."));
        Assert.Equal([MemoryEvent.None], await scope.AddAsync("i like tea!"));
        Assert.Equal([MemoryEvent.Add], await scope.AddAsync("I am allergic to peanuts."));
        Assert.Equal([MemoryEvent.Add], await scope.AddAsync("I am allergic to shellfish."));

        Assert.Equal(["I like tea.", "I like coffee.", "I am allergic to peanuts.", "I am allergic to shellfish."], scope.Memories);
    }

    [Fact]
    public async Task Forgetting_a_statement_that_was_never_stored_changes_nothing()
    {
        var scope = new InMemoryScope();
        await scope.AddAsync("I live in Rome. My favourite colour is green.");

        Assert.Equal([MemoryEvent.None], await scope.AddAsync("Forget that I live in Paris."));
        Assert.Equal(["I live in Rome.", "My favourite colour is green."], scope.Memories);
    }

    /// <summary>A minimal stand-in for one scope of the store: top-5 cosine candidates, decisions applied in order.</summary>
    private sealed class InMemoryScope
    {
        private static readonly HashingEmbeddingGenerator Embedder = new(384);
        private readonly List<(MemoryRecord Record, float[] Vector)> _memories = [];

        public IReadOnlyList<string> Memories => _memories.ConvertAll(m => m.Record.Memory);

        public async Task<IReadOnlyList<MemoryEvent>> AddAsync(string userMessage)
        {
            var ct = TestContext.Current.CancellationToken;
            var facts = await new HeuristicFactExtractor().ExtractAsync([new ChatTurn("user", userMessage)], false, ct);
            var candidates = facts.Select((fact, i) => new FactCandidates(i, fact, Closest(Embedder.Embed(fact)))).ToList();
            var decisions = await new HeuristicMemoryReconciler().DecideAsync(candidates, ct);
            foreach (var decision in decisions)
            {
                Apply(decision);
            }

            return decisions.Select(d => d.Event).ToList();
        }

        private List<ScoredMemory> Closest(float[] vector) =>
            _memories
                .Select(m => new ScoredMemory(m.Record, Math.Clamp(TensorPrimitives.CosineSimilarity(vector, m.Vector), 0, 1)))
                .OrderByDescending(s => s.Score)
                .Take(5)
                .ToList();

        private void Apply(MemoryDecision decision)
        {
            var index = _memories.FindIndex(m => m.Record.Id == decision.TargetId);
            switch (decision.Event)
            {
                case MemoryEvent.Add:
                    var record = new MemoryRecord(
                        Guid.NewGuid(), decision.Text!, "h", new Dictionary<string, JsonElement>(), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "u1", null, null);
                    _memories.Add((record, Embedder.Embed(decision.Text!)));
                    break;
                case MemoryEvent.Update:
                    _memories[index] = (_memories[index].Record with { Memory = decision.Text! }, Embedder.Embed(decision.Text!));
                    break;
                case MemoryEvent.Delete:
                    _memories.RemoveAt(index);
                    break;
            }
        }
    }
}
