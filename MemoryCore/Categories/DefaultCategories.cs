namespace MemoryCore.Categories;

/// <summary>
/// The 15 categories Mem0 tags memories with when a project defines none (names as Mem0 documents them:
/// docs.mem0.ai, "Custom Categories"; the descriptions are ours, written for the people this service is built for
/// and for the in-process embedder, which compares a memory with each description).
/// </summary>
public static class DefaultCategories
{
    public static readonly CategorySet Set = new(
    [
        new("personal_details", "Who the person is: their name, age, birthday, where they live, their home, language, identity documents and contact details."),
        new("family", "Family and close relationships: parents, siblings, children, partner, relatives, friends, pets, and the people who care for them."),
        new("professional_details", "Work, job, employer, colleagues, school, studies, education, training, volunteering and career."),
        new("sports", "Sports, exercise, fitness, swimming, football, running, gym, matches, teams and games played or watched."),
        new("travel", "Travel, trips, holidays, journeys, places visited or planned, transport, buses, trains, flights and getting around."),
        new("food", "Food and drink: meals, cooking, favourite dishes, snacks, diets, restaurants, and foods liked or disliked."),
        new("music", "Music: songs, singers, bands, instruments, concerts, listening and singing."),
        new("health", "Health and care: medical conditions, medicines, allergies, doctors, therapy, disabilities, sleep, pain and mental health."),
        new("technology", "Technology: phones, computers, tablets, apps, the internet, devices, games consoles and software."),
        new("hobbies", "Hobbies and pastimes: crafts, drawing, reading, gardening, collecting, puzzles and things done for fun."),
        new("fashion", "Clothes, fashion, shoes, style, colours to wear, hair, make-up and shopping for clothes."),
        new("entertainment", "Entertainment: films, TV shows, series, cartoons, books, video games, theatre and celebrities."),
        new("milestones", "Milestones and important events: achievements, anniversaries, graduations, moving house, new jobs, weddings and life changes."),
        new("user_preferences", "Preferences and routines: how the person likes things done, likes and dislikes, communication style, daily routine and schedule."),
        new("misc", "Anything else worth remembering that fits no other category."),
    ]);
}
