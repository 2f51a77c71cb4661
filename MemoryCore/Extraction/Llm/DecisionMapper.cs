using MemoryCore.Model;
using Microsoft.Extensions.Logging;

namespace MemoryCore.Extraction.Llm;

/// <summary>
/// Turns the model's decisions into <see cref="MemoryDecision"/>s with real memory ids. Anything referring to a fact
/// or memory that was not in the input is discarded or downgraded, never trusted, and the rule is that a fact is
/// never lost: an UPDATE of an unknown memory becomes an ADD of the fact.
/// </summary>
internal sealed class DecisionMapper(IReadOnlyList<FactCandidates> facts, MemoryAliases aliases, ILogger logger)
{
    private readonly Dictionary<int, string> _factsByIndex = facts
        .GroupBy(f => f.FactIndex)
        .ToDictionary(g => g.Key, g => g.First().Fact);

    public IReadOnlyList<MemoryDecision> Map(IEnumerable<DecisionItem> items)
    {
        var decisions = new List<MemoryDecision>();
        foreach (var item in items)
        {
            if (!_factsByIndex.TryGetValue(item.FactIndex, out var fact))
            {
                logger.LogWarning("LLM returned a decision for unknown fact_index {FactIndex}; ignored", item.FactIndex);
                continue;
            }

            decisions.Add(Map(item, fact));
        }

        return decisions;
    }

    private MemoryDecision Map(DecisionItem item, string fact)
    {
        var alias = item.MemoryAlias;
        var known = aliases.TryResolve(alias, out var targetId);
        if (!known && alias is not null)
        {
            logger.LogWarning(
                "LLM referred to memory id {Alias} for fact {FactIndex} ({Event}), which was not offered; ignored",
                alias, item.FactIndex, item.EventName);
        }

        return item.EventName switch
        {
            "ADD" => new MemoryDecision(item.FactIndex, MemoryEvent.Add, null, item.NonEmptyText ?? fact),

            // The model's text may merge in a memory that does not exist; the fact itself is the safe thing to keep.
            "UPDATE" when !known => new MemoryDecision(item.FactIndex, MemoryEvent.Add, null, fact),
            "UPDATE" => new MemoryDecision(item.FactIndex, MemoryEvent.Update, targetId, item.NonEmptyText ?? fact),

            "DELETE" when known => new MemoryDecision(item.FactIndex, MemoryEvent.Delete, targetId, null),
            _ => new MemoryDecision(item.FactIndex, MemoryEvent.None, known ? targetId : null, null),
        };
    }
}
