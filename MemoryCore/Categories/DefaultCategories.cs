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
        new("personal_details", "Who the person is: their name and what they like to be called, age, birthday, where they live, their home and address, languages they speak, nationality and contact details."),
        new("family", "Family, friends and pets: mum, dad, parents, brothers, sisters, children, partner, grandparents, relatives, friends, pets, and the carers and support workers in their life."),
        new("professional_details", "Work and study: their job, workplace, working hours, boss and colleagues, volunteering, school, college, courses, training and career plans."),
        new("sports", "Sport and exercise: football, swimming, running, cycling, yoga, the gym, sports teams they support and play in, matches and competitions."),
        new("travel", "Travel and getting around: trips, holidays, visits to other cities and countries, buses, trains, planes, taxis, tickets and journeys."),
        new("food", "Food and drink: meals, breakfast, lunch and dinner, cooking, favourite dishes, snacks, drinks, diets, restaurants, and foods they like or dislike."),
        new("music", "Music: songs, singers, bands, playing instruments, concerts, listening to music, singing and dancing."),
        new("health", "Health and wellbeing: medical conditions, disabilities, medicines, allergies, doctors, dentists, hospital, therapy, mobility aids, eyesight, hearing, sleep, pain, anxiety and mental health."),
        new("technology", "Technology: mobile phones, computers, tablets, apps, the internet, email, passwords, messaging, devices and software."),
        new("hobbies", "Hobbies and pastimes: crafts, drawing, painting, reading, gardening, collecting, puzzles, knitting and other things they do for fun."),
        new("fashion", "Clothes and appearance: what they like to wear, shoes, trainers, colours, style, hair, nails, make-up and shopping for clothes."),
        new("entertainment", "Entertainment: films, cinema, TV programmes, series, cartoons, YouTube videos, video games, books, comics, theatre and celebrities."),
        new("milestones", "Milestones and life events: achievements, exams passed, awards, graduations, moving house, starting a new job, weddings, births, anniversaries and other big changes."),
        new("user_preferences", "Preferences about how things are done: how they like to be spoken to, communication style, daily routine, wake-up and bed times, schedules, and what they like or dislike in general."),
        new("misc", "Other practical facts worth remembering that fit no other category: household chores, belongings, where things are kept, errands and appointments."),
    ]);
}
