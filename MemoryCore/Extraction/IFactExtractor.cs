using MemoryCore.Model;

namespace MemoryCore.Extraction;

/// <summary>Turns a conversation into candidate facts worth remembering.</summary>
public interface IFactExtractor
{
    /// <param name="turns">The conversation, system turns included (extractors ignore them as facts).</param>
    /// <param name="includeAgentFacts">True when an agent_id is given: facts the assistant states about itself are kept too.</param>
    Task<IReadOnlyList<string>> ExtractAsync(IReadOnlyList<ChatTurn> turns, bool includeAgentFacts, CancellationToken cancellationToken);
}
