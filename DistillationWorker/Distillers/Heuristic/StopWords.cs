namespace DistillationWorker.Distillers.Heuristic;

/// <summary>
/// Words that never make a topic: English function words, chat filler, generic verbs and nouns, and time words
/// (those belong to routines). Checked against the lower-cased word as written, so inflected forms are listed too.
/// </summary>
public static class StopWords
{
    private static readonly HashSet<string> Words = new(
        """
        a about above after again against all almost also although always am an and another any anybody anyone anything
        anyway are aren't around as at away back be because been before being below between both but by can can't cannot
        could couldn't did didn't do does doesn't doing don't done down during each either else enough even ever every
        everybody everyone everything few for from further get gets getting got gotten had hadn't has hasn't have haven't
        having he he'd he's her here hers herself him himself his how however i i'd i'll i'm i've if in instead into is
        isn't it it's its itself just least less let let's like liked likes lot lots made make makes making many may maybe
        me might mine more most much must my myself near need needs needed never next no nobody none nor not nothing now
        of off often oh ok okay on once one ones only or other others our ours ourselves out over own perhaps please quite
        rather really same see seen seems she she'd she's should shouldn't since so some somebody someone something
        sometimes somewhere soon still such sure than thank thanks that that's the their theirs them themselves then there
        there's these they they'd they'll they're they've thing things think thinking thought this those though through
        thus to too toward towards under until up upon us use used using very via want wanted wants was wasn't way we we'd
        we'll we're we've well went were weren't what what's whatever when where whether which while who who's whom whose
        why will with without won't would wouldn't yeah yes yet you you'd you'll you're you've your yours yourself
        yourselves going gonna wanna come comes came coming go goes gone say says said saying tell told tells talk talked
        talking ask asked know knew known feel feels felt feeling look looked looking try tried trying put keep kept
        take took taken give gave given find found call called day days week weeks weekend weekends month months year
        years today tonight tomorrow yesterday morning mornings afternoon afternoons evening evenings night nights
        monday mondays tuesday tuesdays wednesday wednesdays thursday thursdays friday fridays saturday saturdays sunday
        sundays time times hour hours minute minutes bed bedtime school work breakfast lunch dinner daily weekly twice
        last first new old big little bit kind sort good bad great nice fine right wrong lol hey hello hi bye goodbye
        """.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    public static bool Contains(string lowerCaseWord) => Words.Contains(lowerCaseWord);
}
