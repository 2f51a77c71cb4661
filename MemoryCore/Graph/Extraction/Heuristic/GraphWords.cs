namespace MemoryCore.Graph.Extraction.Heuristic;

/// <summary>The closed word lists of the heuristic graph extractor (lower case, ASCII apostrophes).</summary>
internal static class GraphWords
{
    public static readonly HashSet<string> Copulas = Set("am", "is", "are", "was", "were");

    public static readonly HashSet<string> Modals = Set("can", "could", "will", "would", "should", "must", "may", "might");

    public static readonly HashSet<string> Negations = Set("not", "never", "no");

    /// <summary>Adverbs between subject and verb that change nothing a graph keeps.</summary>
    public static readonly HashSet<string> Modifiers = Set(
        "really", "also", "still", "usually", "always", "often", "sometimes", "now", "currently", "just", "recently",
        "actually", "absolutely", "definitely", "truly", "generally", "mostly", "normally", "totally", "so", "very",
        "already", "finally", "originally");

    public static readonly HashSet<string> Prepositions = Set("in", "at", "to", "for", "with", "from", "on", "of", "about", "as", "by", "into");

    public static readonly HashSet<string> Determiners = Set("a", "an", "the", "some", "any", "his", "her", "their", "its", "your", "this", "that");

    /// <summary>Words that end an object phrase: what follows is another clause or a time, not part of the entity.</summary>
    public static readonly HashSet<string> ObjectEnds = Set(
        "because", "when", "since", "so", "although", "though", "while", "which", "who", "where", "if", "but", "every", "each",
        "daily", "weekly", "sometimes", "often", "usually", "always", "today", "tomorrow", "yesterday", "tonight", "now",
        "anymore", "lately", "too", "either", "very", "a lot", "lol", "please");

    public static readonly HashSet<string> TimeNouns = Set(
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mondays", "tuesdays", "wednesdays",
        "thursdays", "fridays", "saturdays", "sundays", "weekends", "weekend", "morning", "mornings", "afternoon",
        "afternoons", "evening", "evenings", "night", "nights", "weekdays");

    public static readonly HashSet<string> LikeVerbs = Set("like", "likes", "love", "loves", "enjoy", "enjoys", "prefer", "prefers", "hate", "hates", "adore", "adores");

    /// <summary>Verbs an LLM-style fact may start with when it leaves out the subject ("Likes jasmine tea").</summary>
    public static readonly HashSet<string> SubjectlessVerbs = Set(
        "likes", "loves", "enjoys", "hates", "dislikes", "prefers", "lives", "works", "plays", "wants", "needs", "owns", "studies",
        "teaches", "speaks", "drinks", "eats", "uses", "reads", "watches", "goes", "visits", "moved", "has", "is", "was", "does",
        "can", "cannot");

    /// <summary>Capitalised words that are not names (sentence openers, days, question words).</summary>
    public static readonly HashSet<string> NotNames = Set(
        "the", "a", "an", "this", "that", "these", "those", "it", "there", "here", "he", "she", "they", "you", "your", "his",
        "her", "their", "we", "our", "my", "me", "i", "please", "today", "tomorrow", "yesterday", "everyone", "someone",
        "nobody", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "what", "who", "whom", "where",
        "when", "why", "how", "which", "does", "do", "did", "is", "are", "was", "were", "can", "could", "should", "would",
        "will", "tell", "list", "show", "give", "describe", "remind", "any", "all", "some", "no", "yes", "and", "but", "so",
        "also", "user", "assistant", "name", "is", "has", "likes", "loves", "lives", "works", "hi", "hello", "hey", "ok", "okay");

    /// <summary>Words a query carries that are never entities worth matching.</summary>
    public static readonly HashSet<string> QueryStopWords = Set(
        "what", "who", "whom", "whose", "where", "when", "why", "how", "which", "does", "do", "did", "is", "are", "was", "were",
        "can", "could", "should", "would", "will", "the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "about",
        "and", "or", "me", "my", "i", "mine", "myself", "you", "your", "tell", "know", "list", "show", "give", "any", "some",
        "all", "there", "their", "them", "they", "he", "she", "his", "her", "it", "its", "that", "this", "these", "those",
        "have", "has", "had", "be", "been", "from", "by", "as", "like", "likes", "kind", "sort", "thing", "things", "anything",
        "something", "our", "we", "us", "am", "not", "no", "please", "remember", "recall", "again", "much", "many");

    public static readonly HashSet<string> SelfWords = Set("i", "me", "my", "mine", "myself");

    private static HashSet<string> Set(params string[] words) => new(words, StringComparer.Ordinal);
}
