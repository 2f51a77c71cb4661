using System.Text.RegularExpressions;

namespace MemoryCore.Extraction.Heuristic;

/// <summary>Greetings, thanks, acknowledgements and discourse markers: conversation, never facts.</summary>
internal static partial class Chitchat
{
    private static readonly HashSet<string> Phrases = new(StringComparer.Ordinal)
    {
        "hi", "hello", "hey", "hiya", "yo", "howdy", "hi there", "hello there", "hey there", "good morning",
        "good afternoon", "good evening", "good night", "morning", "evening", "bye", "goodbye", "bye bye", "see you",
        "see ya", "see you later", "later", "take care", "cheers", "thanks", "thank you", "thanks a lot", "thanks so much",
        "thank you so much", "thank you very much", "many thanks", "thx", "ty", "ok", "okay", "k", "kk", "ok cool",
        "okay cool", "cool", "nice", "great", "awesome", "perfect", "sure", "of course", "yes", "no", "yeah", "yep", "yup",
        "nope", "nah", "lol", "lmao", "haha", "hahaha", "hehe", "hmm", "hm", "wow", "oh", "ah", "ugh", "sounds good",
        "got it", "fine", "alright", "all right", "never mind", "nevermind", "no worries", "no problem", "np",
        "you're welcome", "that's great", "that's nice", "that's cool", "that's fine", "that's it", "that's all",
        "that's right", "that's true", "that's good", "that's interesting", "that's helpful", "that helps", "right",
        "exactly", "indeed", "please", "sorry", "my bad", "interesting", "good", "very good", "good job", "well done",
        "same", "same here", "me too", "agreed", "true", "makes sense", "that makes sense", "i see", "i know", "i guess",
        "i think so", "i don't think so", "i hope so", "i agree", "i understand", "i suppose", "i mean", "i think",
        "i don't know", "i'm not sure", "i am not sure", "i'm fine", "i'm good", "i'm ok", "i'm okay", "i'm great",
        "good to know", "love it", "not really", "maybe", "definitely", "absolutely", "go on", "continue",
    };

    /// <summary>True when the whole sentence, ignoring case and punctuation, is small talk.</summary>
    public static bool IsChitchat(string sentence) => Phrases.Contains(Simplify(sentence));

    /// <summary>
    /// Removes leading greetings and discourse markers ("Hi, ", "Thanks! ", "Oh and ", "Btw, ") so that
    /// "Hi, I'm Ana" is judged as "I'm Ana". A marker is only removed when a comma-like mark follows it or a
    /// first-person word does, so "No longer ..." or "Well-known ..." stay intact.
    /// </summary>
    public static string StripLeadingMarkers(string sentence)
    {
        var current = sentence.TrimStart();
        while (true)
        {
            var match = LeadingMarker().Match(current);
            if (!match.Success || match.Length >= current.Length)
            {
                return current;
            }

            current = current[match.Length..].TrimStart();
        }
    }

    private static string Simplify(string sentence)
    {
        var words = ClauseWords.Of(sentence).Lower;
        return string.Join(' ', words).Replace("  ", " ", StringComparison.Ordinal);
    }

    [GeneratedRegex(
        """
        ^(?:
            (?:hi|hello|hey|dear)\s+[\p{L}]+\s*[,!]+
          | (?:hi|hello|hey|hiya|oh|ok|okay|so|well|also|and|but|actually|btw|by\s+the\s+way|fyi|yes|yeah|yep|no|nope
              |thanks|thank\s+you|great|cool|nice|sure|anyway|anyways|um|uh|hmm|honestly|lol|haha|oh\s+and|plus
              |just\s+so\s+you\s+know|for\s+the\s+record|good\s+(?:morning|afternoon|evening)|hi\s+there|hey\s+there
              |alright|right|wait|oops|sorry|ah|true|gotcha|got\s+it|perfect|awesome|guess\s+what|you\s+know\s+what
              |fun\s+fact|quick\s+update|update|news|listen|look)
            (?:\s*[,!:;.\u2013\u2014]+|\s+-+(?=\s)|\s+(?=(?:i|i'm|i’m|im|i've|i’ve|my|we|our)\b))
        )\s*
        """,
        RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex LeadingMarker();
}
