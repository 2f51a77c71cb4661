namespace MemoryBench;

/// <summary>Deterministic, varied English facts, so the hashing embedder sees realistic word overlap.</summary>
internal sealed class SyntheticFacts(int seed)
{
    private static readonly string[] Subjects = ["I", "My sister", "My brother", "My mother", "My caregiver", "Tom", "Anna", "My neighbour", "My friend Lea", "My doctor"];
    private static readonly string[] Verbs = ["likes", "dislikes", "visits", "talks about", "is afraid of", "collects", "cooks", "reads about", "dreams of", "remembers"];
    private static readonly string[] Objects = ["green tea", "the park", "jazz music", "trains", "the dentist", "swimming", "old photos", "rainy days", "chess", "the bakery", "loud noises", "painting", "the library", "football", "birthday cakes", "gardening", "horses", "the beach", "crossword puzzles", "thunderstorms"];
    private static readonly string[] Times = ["on Mondays", "every morning", "in winter", "after lunch", "at weekends", "when it rains", "since 2019", "with friends", "alone", "at night"];
    private readonly Random _random = new(seed);

    public string Next() =>
        $"{Pick(Subjects)} {Pick(Verbs)} {Pick(Objects)} {Pick(Times)}.";

    private string Pick(string[] words) => words[_random.Next(words.Length)];
}
