using MemoryCore.Model;

namespace MemoryCore.Extraction.Heuristic;

/// <summary>
/// Offline, rule-based fact extraction for when no LLM is configured (and for deterministic tests).
/// It keeps the user's own sentences that state durable first-person facts or facts about named people,
/// and drops questions, small talk, transient states and requests. See docs/heuristics.md for the rules.
/// </summary>
/// <remarks>
/// This is a heuristic, not a language model: it does not resolve pronouns, paraphrase, or understand
/// meaning, and it keeps the user's wording (first person included) rather than rewriting it.
/// </remarks>
public sealed class HeuristicFactExtractor : IFactExtractor
{
    public Task<IReadOnlyList<string>> ExtractAsync(IReadOnlyList<ChatTurn> turns, bool includeAgentFacts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turns);
        var facts = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var turn in turns)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!(turn.IsUser || (includeAgentFacts && turn.IsAssistant)) || string.IsNullOrWhiteSpace(turn.Content))
            {
                continue;
            }

            foreach (var fact in FactsOf(turn.Content, fromAssistant: turn.IsAssistant))
            {
                if (seen.Add(fact))
                {
                    facts.Add(fact);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(facts);
    }

    /// <summary>The facts of one message, in order.</summary>
    internal static IEnumerable<string> FactsOf(string content, bool fromAssistant)
    {
        foreach (var rawSentence in SentenceSplitter.Split(content))
        {
            var sentence = Chitchat.StripLeadingMarkers(rawSentence);
            if (!fromAssistant)
            {
                // Memory commands come first: "Could you remember that I'm vegan?" is a request, not a question.
                switch (MemoryCommand.Parse(sentence, out var statement))
                {
                    case MemoryCommand.Kind.Remember:
                        yield return FactText.Normalize(statement);
                        continue;
                    case MemoryCommand.Kind.Forget:
                        yield return DeletionRequest.Create(FactText.Normalize(statement));
                        continue;
                }
            }

            if (QuestionDetector.IsQuestion(sentence))
            {
                continue;
            }

            foreach (var clause in ClauseSplitter.Split(sentence))
            {
                if (StatementClassifier.IsFact(clause, fromAssistant))
                {
                    yield return FactText.Normalize(clause);
                }
            }
        }
    }
}
