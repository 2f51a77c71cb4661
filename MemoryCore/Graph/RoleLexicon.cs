namespace MemoryCore.Graph;

/// <summary>
/// Nouns that name someone (or a pet) by their relation to the user: "my <b>sister</b> Sofia". The heuristic
/// extractor turns them into edges from the user, and queries about "my sister" follow those edges.
/// </summary>
public static class RoleLexicon
{
    private static readonly HashSet<string> People = new(StringComparer.Ordinal)
    {
        "mother", "father", "parent", "sister", "brother", "sibling", "son", "daughter", "child", "baby", "wife", "husband",
        "partner", "spouse", "boyfriend", "girlfriend", "fiance", "fiancee", "friend", "best_friend", "grandmother",
        "grandfather", "grandson", "granddaughter", "aunt", "uncle", "cousin", "niece", "nephew", "stepmother", "stepfather",
        "stepsister", "stepbrother", "boss", "manager", "colleague", "neighbour", "doctor", "therapist", "caregiver",
        "teacher", "roommate", "flatmate", "mentor", "coach", "nurse", "support_worker", "guardian", "dentist", "landlord",
        "classmate", "twin", "godmother", "godfather", "mother_in_law", "father_in_law",
    };

    private static readonly HashSet<string> Animals = new(StringComparer.Ordinal)
    {
        "dog", "cat", "pet", "puppy", "kitten", "horse", "rabbit", "parrot", "hamster", "bird", "fish",
    };

    /// <param name="normalized">A name already passed through <see cref="RelationshipName.Normalize"/>.</param>
    public static bool IsRole(string normalized) => People.Contains(normalized) || Animals.Contains(normalized);

    /// <summary>The entity type of whoever holds the role: "person" or "animal".</summary>
    public static string TypeOf(string normalized) => Animals.Contains(normalized) ? "animal" : "person";
}
