namespace DistillationWorker.Distillers.Heuristic;

/// <summary>
/// Recurring topics: content words of the person's own turns (at least 3 letters, not a stop word, not an emotion
/// word) that, after stemming, appear in at least <c>minConversations</c> distinct conversations. The most widespread
/// come first (conversations, then mentions, then the word), at most <c>maxTopics</c>.
/// </summary>
public static class RecurringTopicRule
{
    private const int MinWordLength = 3;

    public static IEnumerable<DistilledPattern> Apply(IReadOnlyList<Conversation> conversations, int minConversations, int maxTopics, string distiller)
    {
        var topics = new Dictionary<string, TopicEvidence>(StringComparer.Ordinal);
        foreach (var conversation in conversations)
        {
            foreach (var turn in conversation.Turns)
            {
                foreach (var word in WordTokenizer.Words(turn.Content).Where(IsContentWord))
                {
                    var stem = SimpleStemmer.Stem(word);
                    if (!topics.TryGetValue(stem, out var evidence))
                    {
                        topics[stem] = evidence = new TopicEvidence();
                    }

                    evidence.Add(conversation.Key, word);
                }
            }
        }

        return topics
            .Where(t => t.Value.Conversations.Count >= minConversations)
            .OrderByDescending(t => t.Value.Conversations.Count)
            .ThenByDescending(t => t.Value.Mentions)
            .ThenBy(t => t.Key, StringComparer.Ordinal)
            .Take(maxTopics)
            .Select(t => DistilledPattern.Create(
                PatternKinds.RecurringTopic,
                $"Recurring topic: {t.Value.DisplayWord()}.",
                distiller,
                new Dictionary<string, object>
                {
                    ["topic_stem"] = t.Key,
                    ["conversations"] = t.Value.Conversations.Count,
                    ["mentions"] = t.Value.Mentions,
                }));
    }

    private static bool IsContentWord(string word) =>
        word.Length >= MinWordLength && !word.Contains('\'', StringComparison.Ordinal) && !StopWords.Contains(word) && !EmotionLexicon.IsEmotionWord(word);

    private sealed class TopicEvidence
    {
        private readonly Dictionary<string, int> _surfaceForms = new(StringComparer.Ordinal);

        public HashSet<string> Conversations { get; } = new(StringComparer.Ordinal);

        public int Mentions { get; private set; }

        public void Add(string conversationKey, string surfaceForm)
        {
            Conversations.Add(conversationKey);
            Mentions++;
            _surfaceForms[surfaceForm] = _surfaceForms.GetValueOrDefault(surfaceForm) + 1;
        }

        /// <summary>The form the person uses most (ties: shorter, then alphabetical), so the text is stable while their usage is.</summary>
        public string DisplayWord() =>
            _surfaceForms.OrderByDescending(f => f.Value).ThenBy(f => f.Key.Length).ThenBy(f => f.Key, StringComparer.Ordinal).First().Key;
    }
}
