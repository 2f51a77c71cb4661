namespace MemoryCore.Extraction.Heuristic;

/// <summary>The small, closed word lists the heuristic extractor works with (all lower case, ASCII apostrophes).</summary>
internal static class StatementLexicon
{
    /// <summary>Words that open a first-person statement.</summary>
    public static readonly IReadOnlySet<string> FirstPerson = Set(
        "i", "i'm", "im", "i've", "ive", "i'd", "i'll", "my", "we", "we're", "we've", "we'd", "we'll", "our");

    /// <summary>Openers of a subordinate clause that may precede the first-person main clause ("When I was ten, I ...").</summary>
    public static readonly IReadOnlySet<string> Subordinators = Set(
        "when", "since", "because", "after", "although", "though", "ever", "growing", "whenever", "before");

    /// <summary>Copulas and auxiliaries: enough to tell "my sister is a nurse" (a statement) from "my sister" (a fragment).</summary>
    public static readonly IReadOnlySet<string> Auxiliaries = Set(
        "am", "is", "are", "was", "were", "be", "been", "has", "have", "had", "do", "does", "did", "don't", "doesn't",
        "didn't", "isn't", "aren't", "wasn't", "weren't", "can", "can't", "cannot", "will", "won't", "would", "could",
        "should", "may", "might", "must", "'s", "name's");

    /// <summary>Verbs that make a sentence about a named person a fact about that person ("Maria works at the bakery").</summary>
    public static readonly IReadOnlySet<string> PersonVerbs = Set(
        "live", "lives", "lived", "work", "works", "worked", "like", "likes", "love", "loves", "hate", "hates",
        "dislike", "dislikes", "prefer", "prefers", "enjoy", "enjoys", "want", "wants", "need", "needs", "study",
        "studies", "speak", "speaks", "play", "plays", "own", "owns", "moved", "visit", "visits", "teach", "teaches",
        "drive", "drives", "eat", "eats", "drink", "drinks", "use", "uses", "take", "takes", "go", "goes", "went",
        "became", "married", "call", "calls", "called", "born", "died", "passed", "retired", "graduated", "cook", "cooks",
        "suffer", "suffers", "collect", "collects", "volunteer", "volunteers", "run", "runs", "sing", "sings");

    /// <summary>After "Tom is/was": the complements that make it a fact about a person rather than a place or thing.</summary>
    public static readonly IReadOnlySet<string> PersonComplements = Set(
        "my", "our", "allergic", "married", "engaged", "divorced", "called", "named", "from", "born", "pregnant",
        "vegan", "vegetarian", "retired", "diabetic", "afraid", "scared", "deaf", "blind");

    /// <summary>Capitalised words that open a sentence without being someone's name.</summary>
    public static readonly IReadOnlySet<string> NotNames = Set(
        "the", "a", "an", "this", "that", "these", "those", "it", "it's", "its", "there", "here", "he", "she", "they",
        "you", "your", "his", "her", "their", "please", "let", "tell", "give", "show", "help", "remind", "find", "make",
        "write", "explain", "today", "tomorrow", "yesterday", "everyone", "everybody", "someone", "somebody", "nobody",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "god", "nothing", "everything",
        "something", "all", "some", "most", "many", "people", "no", "yes", "not", "and", "but", "so", "then", "also");

    /// <summary>Words with no factual content: a statement made only of these ("I think so", "I don't know") is chat.</summary>
    public static readonly IReadOnlySet<string> NoContent = Set(
        "i", "i'm", "im", "me", "my", "we", "our", "am", "is", "are", "was", "were", "be", "been", "do", "does", "did",
        "don't", "doesn't", "didn't", "not", "no", "will", "would", "can", "could", "should", "have", "has", "had",
        "i've", "i'd", "i'll", "too", "also", "so", "it", "that", "this", "just", "really", "think", "guess", "know",
        "see", "mean", "agree", "suppose", "hope", "understand", "sure", "totally", "absolutely", "definitely", "maybe",
        "probably", "right", "fine", "ok", "okay", "the", "a", "an", "you", "with", "either", "yes", "yeah", "believe",
        "feel", "same", "well", "thing", "what", "about", "get", "got", "now", "here", "there", "all", "good", "great",
        "said", "say", "told", "tell", "mentioned", "asked", "ask", "meant", "want", "wanted", "wanna", "thanks", "thank",
        "you're", "your", "you've", "to", "again", "lot", "much", "very", "kidding", "joking");

    /// <summary>A short statement ending in one of these points back into the chat ("I love it", "I hope so").</summary>
    public static readonly IReadOnlySet<string> DanglingEnds = Set(
        "it", "that", "this", "so", "too", "either", "you", "them", "one", "those", "these", "him", "her");

    /// <summary>Assistant sentences with these words are service talk ("I'd be happy to help"), not facts about the agent.</summary>
    public static readonly IReadOnlySet<string> AssistantSmallTalk = Set(
        "help", "happy", "glad", "sorry", "hope", "understand", "apologize", "apologise", "recommend", "suggest",
        "certainly", "sure", "course", "here's", "can't", "cannot", "ai", "language", "think", "believe", "remember",
        "noted", "note");

    private static HashSet<string> Set(params string[] words) => new(words, StringComparer.Ordinal);
}
