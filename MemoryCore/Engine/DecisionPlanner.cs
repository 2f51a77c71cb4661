using MemoryCore.Extraction;
using MemoryCore.Model;
using Microsoft.Extensions.Logging;

namespace MemoryCore.Engine;

/// <summary>One validated step of an add: what to write for a fact.</summary>
internal sealed record PlannedStep(int FactIndex, MemoryEvent Event, string Text, MemoryRecord? Target);

/// <summary>
/// Turns reconciler decisions into safe steps. The reconciler (an LLM, possibly) is not trusted:
/// a target that is not one of the fact's scope candidates is ignored and logged; a fact without a
/// decision is added, so nothing is silently dropped; one memory is changed at most once per add;
/// an ADD whose exact text is already stored, or already added in this request, becomes NONE.
/// </summary>
internal sealed class DecisionPlanner(ILogger logger)
{
    public IReadOnlyList<PlannedStep> Plan(IReadOnlyList<FactCandidates> facts, IReadOnlyList<MemoryDecision> decisions)
    {
        var known = facts.SelectMany(f => f.Candidates).Select(c => c.Memory).DistinctBy(m => m.Id).ToDictionary(m => m.Id);
        var byFact = new Dictionary<int, MemoryDecision>();
        foreach (var decision in decisions)
        {
            if (decision.FactIndex < 0 || decision.FactIndex >= facts.Count)
            {
                logger.LogWarning("Reconciler returned a decision for fact {Index}, which does not exist; ignored", decision.FactIndex);
            }
            else if (!byFact.TryAdd(decision.FactIndex, decision))
            {
                logger.LogWarning("Reconciler returned more than one decision for fact {Index}; the first is used", decision.FactIndex);
            }
        }

        var touched = new HashSet<Guid>();
        var addedTexts = new HashSet<string>(StringComparer.Ordinal);
        var steps = new List<PlannedStep>(facts.Count);
        foreach (var fact in facts)
        {
            if (!byFact.TryGetValue(fact.FactIndex, out var decision))
            {
                logger.LogWarning("Reconciler gave no decision for fact {Index}; adding it so it is not lost", fact.FactIndex);
                decision = new MemoryDecision(fact.FactIndex, MemoryEvent.Add, null, fact.Fact);
            }

            var text = string.IsNullOrWhiteSpace(decision.Text) ? fact.Fact : decision.Text.Trim();
            var step = decision.Event switch
            {
                MemoryEvent.Update => PlanUpdate(fact, decision, text, known, touched),
                MemoryEvent.Delete => PlanDelete(fact, decision, known, touched),
                MemoryEvent.Add => new PlannedStep(fact.FactIndex, MemoryEvent.Add, text, null),
                _ => null,
            };
            if (step is null)
            {
                continue;
            }

            if (step.Event == MemoryEvent.Add && (!addedTexts.Add(text) || known.Values.Any(m => m.Memory == text)))
            {
                continue;
            }

            steps.Add(step);
        }

        return steps;
    }

    private PlannedStep? PlanUpdate(FactCandidates fact, MemoryDecision decision, string text, Dictionary<Guid, MemoryRecord> known, HashSet<Guid> touched)
    {
        if (decision.TargetId is not { } id || !known.TryGetValue(id, out var target))
        {
            logger.LogWarning("Reconciler asked to UPDATE unknown memory {Id} for fact {Index}; adding the fact instead", decision.TargetId, fact.FactIndex);
            return new PlannedStep(fact.FactIndex, MemoryEvent.Add, text, null);
        }

        if (!touched.Add(id))
        {
            logger.LogWarning("Memory {Id} was already changed in this request; fact {Index} is added instead", id, fact.FactIndex);
            return new PlannedStep(fact.FactIndex, MemoryEvent.Add, text, null);
        }

        return text == target.Memory ? null : new PlannedStep(fact.FactIndex, MemoryEvent.Update, text, target);
    }

    private PlannedStep? PlanDelete(FactCandidates fact, MemoryDecision decision, Dictionary<Guid, MemoryRecord> known, HashSet<Guid> touched)
    {
        if (decision.TargetId is not { } id || !known.TryGetValue(id, out var target))
        {
            logger.LogWarning("Reconciler asked to DELETE unknown memory {Id} for fact {Index}; ignored", decision.TargetId, fact.FactIndex);
            return null;
        }

        if (!touched.Add(id))
        {
            logger.LogWarning("Memory {Id} was already changed in this request; DELETE for fact {Index} ignored", id, fact.FactIndex);
            return null;
        }

        return new PlannedStep(fact.FactIndex, MemoryEvent.Delete, target.Memory, target);
    }
}
