using MemoryCore.Model;

namespace MemoryCore.Extraction;

/// <summary>Turns a conversation into candidate facts worth remembering.</summary>
public interface IFactExtractor
{
    /// <param name="turns">The conversation, system turns included (extractors ignore them as facts).</param>
    /// <param name="includeAgentFacts">True when an agent_id is given: facts the assistant states about itself are kept too.</param>
    Task<IReadOnlyList<string>> ExtractAsync(IReadOnlyList<ChatTurn> turns, bool includeAgentFacts, CancellationToken cancellationToken);

    /// <summary>Extraction told the operator's instructions and the category set. An extractor that cannot use them (the
    /// offline heuristics) extracts as usual and leaves every fact's categories null: the engine then picks them with the
    /// embedding categoriser.</summary>
    async Task<IReadOnlyList<ExtractedFact>> ExtractAsync(
        IReadOnlyList<ChatTurn> turns, bool includeAgentFacts, Categories.ExtractionGuidance guidance, CancellationToken cancellationToken) =>
        [.. (await ExtractAsync(turns, includeAgentFacts, cancellationToken).ConfigureAwait(false)).Select(f => new ExtractedFact(f, null))];
}

/// <summary>One extracted fact; <paramref name="Categories"/> are the extractor's choice from the add's category set,
/// or null when it made none.</summary>
public sealed record ExtractedFact(string Text, IReadOnlyList<string>? Categories);
