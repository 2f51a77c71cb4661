using MemoryCore.Model;
using static MemoryTests.Heuristics.HeuristicTestData;

namespace MemoryTests.Heuristics;

public sealed class HeuristicFactExtractorTests
{
    [Theory]
    [InlineData("What time is it?")]
    [InlineData("what time is it")]
    [InlineData("Thanks, that's great")]
    [InlineData("Thanks!")]
    [InlineData("hi")]
    [InlineData("Good morning!")]
    [InlineData("ok")]
    [InlineData("ok cool")]
    [InlineData("lol")]
    [InlineData("I think so")]
    [InlineData("I don't know.")]
    [InlineData("I love it!")]
    [InlineData("Do you remember my sister?")]
    [InlineData("do you remember my sister")]
    [InlineData("Can I ask you something")]
    [InlineData("how do I bake bread")]
    [InlineData("Is Tom coming today")]
    [InlineData("Tell me a joke.")]
    [InlineData("Please summarise this article for me.")]
    [InlineData("I'm hungry right now.")]
    [InlineData("I am tired today.")]
    [InlineData("I'm so tired.")]
    [InlineData("I'm on my way.")]
    [InlineData("I was wondering if you could help me.")]
    [InlineData("I have a question about my taxes.")]
    [InlineData("Paris is beautiful.")]
    [InlineData("She lives in Oslo.")]
    [InlineData("I'm allergic to it.")]
    [InlineData("Me too.")]
    [InlineData("My sister.")]
    [InlineData("Forget it.")]
    [InlineData("Remember to buy milk.")]
    [InlineData("Forget everything.")]
    [InlineData("Sorry, I meant Tuesday.")]
    [InlineData("I think you're wrong about that.")]
    [InlineData("Why is the sky blue")]
    [InlineData("Google is a great company.")]
    [InlineData("I'm not sure what to cook tonight.")]
    public async Task Drops_questions_small_talk_requests_and_transient_states(string message)
    {
        Assert.Empty(await ExtractUserAsync(message));
    }

    [Theory]
    [InlineData("I don't like being touched on the shoulder.", "I don't like being touched on the shoulder.")]
    [InlineData("I am allergic to peanuts", "I am allergic to peanuts.")]
    [InlineData("I'm vegan!!", "I'm vegan.")]
    [InlineData("i live in lisbon", "I live in lisbon.")]
    [InlineData("My sister Anna lives in Oslo.", "My sister Anna lives in Oslo.")]
    [InlineData("Tom is my caregiver.", "Tom is my caregiver.")]
    [InlineData("Maria works at the bakery.", "Maria works at the bakery.")]
    [InlineData("Maria doesn't eat meat.", "Maria doesn't eat meat.")]
    [InlineData("Anna's birthday is on May 3.", "Anna's birthday is on May 3.")]
    [InlineData("My favourite colour is blue.", "My favourite colour is blue.")]
    [InlineData("We have two cats.", "We have two cats.")]
    [InlineData("When I was ten I broke my arm.", "When I was ten I broke my arm.")]
    [InlineData("I'm tired of my job.", "I'm tired of my job.")]
    [InlineData("I'm good at chess.", "I'm good at chess.")]
    [InlineData("I am 34 years old.", "I am 34 years old.")]
    [InlineData("My appointment with Dr. Smith is every Monday.", "My appointment with Dr. Smith is every Monday.")]
    [InlineData("Btw, I no longer eat meat as of today.", "I no longer eat meat as of today.")]
    [InlineData("Guess what, I moved to Porto!", "I moved to Porto.")]
    [InlineData("I'd prefer shorter answers please", "I'd prefer shorter answers.")]
    [InlineData("Tom and Maria are my neighbours.", "Tom and Maria are my neighbours.")]
    [InlineData("Mrs. Patel lives next door.", "Mrs. Patel lives next door.")]
    [InlineData("Anna is not allergic to nuts.", "Anna is not allergic to nuts.")]
    [InlineData("Tom still works at the port.", "Tom still works at the port.")]
    [InlineData("Lisbon is my favourite city.", "Lisbon is my favourite city.")]
    public async Task Keeps_durable_statements_in_the_users_words(string message, string expected)
    {
        Assert.Equal([expected], await ExtractUserAsync(message));
    }

    [Fact]
    public async Task Greeting_and_question_are_dropped_and_the_introduction_is_split_into_two_facts()
    {
        var facts = await ExtractUserAsync("Hi! I'm Ana and I live in Lisbon. What's the weather?");

        Assert.Equal(["I'm Ana.", "I live in Lisbon."], facts);
    }

    [Fact]
    public async Task A_leading_greeting_inside_the_sentence_is_removed()
    {
        Assert.Equal(["I'm Ana."], await ExtractUserAsync("Hey Sunny, I'm Ana"));
    }

    [Fact]
    public async Task A_compound_subject_is_not_split()
    {
        Assert.Equal(["My sister and I live in Oslo."], await ExtractUserAsync("My sister and I live in Oslo"));
    }

    [Fact]
    public async Task Each_clause_is_judged_on_its_own()
    {
        var facts = await ExtractUserAsync("I'm a nurse but I'm hungry right now");

        Assert.Equal(["I'm a nurse."], facts);
    }

    [Theory]
    [InlineData("Remember that my sister is called Anna", "My sister is called Anna.")]
    [InlineData("Please remember my sister is called Anna.", "My sister is called Anna.")]
    [InlineData("Could you remember that I'm vegan?", "I'm vegan.")]
    [InlineData("Don't forget that I take insulin at 8am, please", "I take insulin at 8am.")]
    [InlineData("Remember that I'm in Rome today", "I'm in Rome today.")]
    public async Task Remember_commands_keep_what_is_to_be_remembered(string message, string expected)
    {
        Assert.Equal([expected], await ExtractUserAsync(message));
    }

    [Theory]
    [InlineData("Please forget that I live in Paris", "Forget: I live in Paris.")]
    [InlineData("Forget that I live in Paris.", "Forget: I live in Paris.")]
    [InlineData("forget about my old job at the bank", "Forget: My old job at the bank.")]
    [InlineData("Can you forget where I live?", "Forget: Where I live.")]
    [InlineData("Delete the memory that I smoke.", "Forget: I smoke.")]
    public async Task Forget_commands_become_deletion_requests(string message, string expected)
    {
        Assert.Equal([expected], await ExtractUserAsync(message));
    }

    [Fact]
    public async Task Assistant_self_statements_need_include_agent_facts()
    {
        var turns = new[] { new ChatTurn("user", "Who are you?"), new ChatTurn("assistant", "I am Sunny, your helper.") };

        Assert.Empty(await ExtractAsync(false, turns));
        Assert.Equal(["I am Sunny, your helper."], await ExtractAsync(true, turns));
    }

    [Fact]
    public async Task Assistant_commitments_are_kept_but_service_talk_is_not()
    {
        var facts = await ExtractAsync(
            true,
            new ChatTurn("assistant", "Sure! I'd be happy to help. I will remind you about your pills at 8am. I hope this helps!"));

        Assert.Equal(["I will remind you about your pills at 8am."], facts);
    }

    [Fact]
    public async Task Assistant_restating_user_facts_does_not_produce_facts()
    {
        Assert.Empty(await ExtractAsync(true, new ChatTurn("assistant", "You live in Lisbon. Maria works at the bakery. I'll remember that you're vegan.")));
    }

    [Fact]
    public async Task System_turns_are_never_facts()
    {
        Assert.Empty(await ExtractAsync(true, new ChatTurn("system", "I am a helpful assistant. My name is Sunny.")));
    }

    [Fact]
    public async Task Facts_are_deduplicated_case_insensitively_in_conversation_order()
    {
        var facts = await ExtractAsync(
            false,
            new ChatTurn("user", "I have a dog called Rex."),
            new ChatTurn("assistant", "Nice! What breed?"),
            new ChatTurn("user", "I HAVE A DOG CALLED REX! He is a beagle. I live in Porto."));

        Assert.Equal(["I have a dog called Rex.", "I live in Porto."], facts);
    }

    [Fact]
    public async Task Sentences_split_on_lines_and_keep_abbreviations_and_decimals()
    {
        var facts = await ExtractUserAsync("I weigh 72.5 kg\nMy doctor is Dr. Smith. I take my pills at 8 a.m. every day");

        Assert.Equal(["I weigh 72.5 kg.", "My doctor is Dr. Smith.", "I take my pills at 8 a.m. every day."], facts);
    }

    [Fact]
    public async Task Cancellation_is_observed()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new MemoryCore.Extraction.Heuristic.HeuristicFactExtractor().ExtractAsync([new ChatTurn("user", "I live in Rome")], false, cts.Token));
    }
}
