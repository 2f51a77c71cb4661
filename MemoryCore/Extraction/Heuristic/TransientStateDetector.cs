using System.Text.RegularExpressions;

namespace MemoryCore.Extraction.Heuristic;

/// <summary>
/// Recognises statements that are only true for a moment ("I'm hungry right now", "I am tired today"):
/// storing them would make the memory wrong by tomorrow.
/// </summary>
internal static partial class TransientStateDetector
{
    public static bool IsTransient(string clause)
    {
        var text = string.Join(' ', ClauseWords.Of(clause).Lower);
        if (DurableCue().IsMatch(text))
        {
            // "I don't eat meat anymore as of today" is a lasting change, whatever the time words say.
            return false;
        }

        return NowMarker().IsMatch(text) || MomentaryState().IsMatch(text) || MomentaryActivity().IsMatch(text);
    }

    [GeneratedRegex(@"\b(?:right now|at the moment|atm|today|tonight|this (?:morning|afternoon|evening)|just now|at the minute|for now|for the moment|for a sec|for a minute)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NowMarker();

    [GeneratedRegex(@"\b(?:always|never|usually|every|anymore|any more|no longer|from now on|as of today|starting today|from today|since|forever|permanently)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DurableCue();

    // A feeling that ends the clause: "I'm so tired", "I feel a bit sick". "I'm tired of my job" or
    // "I'm good at chess" continue past the adjective and are kept.
    [GeneratedRegex(
        @"^(?:i|i'm|im)(?: am| was| feel| feeling| am feeling| getting| am getting)?(?: (?:so|very|really|a bit|a little|a little bit|kind of|kinda|pretty|quite|super|too|extremely|totally|getting|feeling))* " +
        @"(?:hungry|thirsty|tired|sleepy|exhausted|bored|busy|cold|hot|warm|sick|ill|sad|happy|angry|mad|upset|stressed|excited|nervous|anxious|late|early|ready|back|done|finished|fine|good|ok|okay|great|well|alright|here|home|away|awake|full|confused|lost|annoyed|sore|sorry|free|stuck|off|online|offline|bored out of my mind)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex MomentaryState();

    // What someone is doing this minute: "I'm on my way", "I'm in a meeting", "I'm just kidding".
    [GeneratedRegex(
        @"^(?:i|i'm|im)(?: am)? (?:just )?(?:on my way|in a (?:meeting|hurry|rush|call)|at work|at home|outside|driving|eating|leaving|heading out|going to bed|going to sleep|off to bed|about to|kidding|joking|typing|waiting|looking at|reading this|back from)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex MomentaryActivity();
}
