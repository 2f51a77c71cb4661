using MemoryCore.Embeddings;
using MemoryCore.Model;

namespace MemoryCore.Extraction.Heuristic;

/// <summary>
/// Offline, rule-based ADD / UPDATE / DELETE / NONE decisions for when no LLM is configured (and for
/// deterministic tests). Pure and deterministic: it only compares texts and the given similarity scores.
/// See docs/heuristics.md for the rules and their limits.
/// </summary>
/// <remarks>
/// Order of the rules for one fact, against its candidates (best score first):
/// a <see cref="DeletionRequest"/> becomes DELETE of the memory it states, of the slot it names ("where I live")
/// or of the closest memory at or above <see cref="DeleteThreshold"/>, else NONE;
/// the same normalised text is NONE; the same claim with the opposite polarity ("I like dogs" / "I don't
/// like dogs") is UPDATE; the same single-valued slot (<see cref="SubjectKey"/>) with a different value is UPDATE
/// and with the same value NONE; a score at or above <see cref="DuplicateThreshold"/> is NONE; anything else is ADD.
/// </remarks>
public sealed class HeuristicMemoryReconciler : IMemoryReconciler
{
    /// <summary>Cosine similarity from which a fact is taken to repeat an existing memory.</summary>
    public const double DefaultDuplicateThreshold = 0.9;

    /// <summary>Cosine similarity from which a deletion request may target a memory that it does not match word for word.</summary>
    public const double DefaultDeleteThreshold = 0.5;

    public HeuristicMemoryReconciler(double duplicateThreshold = DefaultDuplicateThreshold, double deleteThreshold = DefaultDeleteThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duplicateThreshold, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(duplicateThreshold, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(deleteThreshold, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(deleteThreshold, 1.0);
        DuplicateThreshold = duplicateThreshold;
        DeleteThreshold = deleteThreshold;
    }

    public double DuplicateThreshold { get; }

    public double DeleteThreshold { get; }

    public Task<IReadOnlyList<MemoryDecision>> DecideAsync(IReadOnlyList<FactCandidates> facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var decisions = new List<MemoryDecision>(facts.Count);
        foreach (var fact in facts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            decisions.Add(Decide(fact));
        }

        return Task.FromResult<IReadOnlyList<MemoryDecision>>(decisions);
    }

    private MemoryDecision Decide(FactCandidates fact)
    {
        // OrderByDescending is stable, so equal scores keep the caller's order and the result is deterministic.
        var ranked = fact.Candidates.OrderByDescending(c => c.Score).Select(c => new Candidate(c)).ToList();
        if (DeletionRequest.TryParse(fact.Fact, out var statement))
        {
            return DecideDeletion(fact.FactIndex, new Candidate(statement), ranked);
        }

        var incoming = new Candidate(fact.Fact);
        if (ranked.Find(c => c.SameText(incoming)) is { } identical)
        {
            return None(fact.FactIndex, identical);
        }

        foreach (var candidate in ranked)
        {
            if (incoming.SameClaim(candidate))
            {
                // Same claim: a paraphrase if the polarity agrees, a reversal ("I no longer like dogs") if not.
                return candidate.Proposition.Negated == incoming.Proposition.Negated
                    ? None(fact.FactIndex, candidate)
                    : Update(fact, candidate);
            }

            if (incoming.SharesSlotWith(candidate))
            {
                // The same value, or less of it ("I live in Paris" after "I live in Paris with my wife"), adds nothing.
                if (incoming.Key!.Value == candidate.Key!.Value || candidate.Key.Value.StartsWith(incoming.Key.Value + " ", StringComparison.Ordinal))
                {
                    return None(fact.FactIndex, candidate);
                }

                if (incoming.Key.CanReplace(candidate.Key))
                {
                    return Update(fact, candidate);
                }
            }
        }

        if (ranked.Count > 0 && ranked[0].Score >= DuplicateThreshold)
        {
            return None(fact.FactIndex, ranked[0]);
        }

        return new MemoryDecision(fact.FactIndex, MemoryEvent.Add, null, fact.Fact);
    }

    private MemoryDecision DecideDeletion(int factIndex, Candidate request, List<Candidate> ranked)
    {
        var topic = ForgetTopic.Of(request.Proposition);
        var target = ranked.Find(c => c.SameText(request) || (c.SameClaim(request) && c.Proposition.Negated == request.Proposition.Negated))
            ?? ranked.Find(c => request.SharesSlotWith(c) && request.Key!.Value == c.Key!.Value)
            // "Forget where I live" names the slot, not the value.
            ?? ranked.Find(c => topic is not null && c.Key is not null && topic.SameSlot(c.Key))
            // Never delete "I live in Rome" for "forget that I live in Paris", however similar the words.
            ?? ranked.Find(c => c.Score >= DeleteThreshold && !(request.SharesSlotWith(c) && request.Key!.Value != c.Key!.Value));
        return target is null
            ? new MemoryDecision(factIndex, MemoryEvent.None, null, null)
            : new MemoryDecision(factIndex, MemoryEvent.Delete, target.Id, null);
    }

    private static MemoryDecision None(int factIndex, Candidate duplicate) => new(factIndex, MemoryEvent.None, duplicate.Id, null);

    private static MemoryDecision Update(FactCandidates fact, Candidate replaced) => new(fact.FactIndex, MemoryEvent.Update, replaced.Id, fact.Fact);

    /// <summary>A memory (or the incoming fact) with its analysis computed once.</summary>
    private sealed class Candidate
    {
        public Candidate(ScoredMemory scored)
            : this(scored.Memory.Memory)
        {
            Id = scored.Memory.Id;
            Score = scored.Score;
        }

        public Candidate(string text)
        {
            Normalized = string.Join(' ', TextTokens.Words(text));
            Proposition = Proposition.Of(text);
            Key = Proposition.Negated ? null : SubjectKey.Of(Proposition);
        }

        public Guid? Id { get; }

        public double Score { get; }

        public string Normalized { get; }

        public Proposition Proposition { get; }

        /// <summary>The single-valued slot, for positive statements only: "I don't live in Rome" does not say where I live.</summary>
        public SubjectKey? Key { get; }

        public bool SameText(Candidate other) => Normalized.Length > 0 && Normalized == other.Normalized;

        /// <summary>The same claim, whatever the polarity; never true for texts made only of filler words.</summary>
        public bool SameClaim(Candidate other) => Proposition.Text.Length > 0 && Proposition.Text == other.Proposition.Text;

        public bool SharesSlotWith(Candidate other) => Key is not null && other.Key is not null && Key.SameSlot(other.Key);
    }
}
