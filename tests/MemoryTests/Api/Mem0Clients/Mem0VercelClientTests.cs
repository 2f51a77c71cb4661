using MemoryTests.Infrastructure;

namespace MemoryTests.Api.Mem0Clients;

/// <summary>
/// @mem0/vercel-ai-provider 3.0.2 (the Vercel AI SDK's Mem0 provider, over this service's v3 routes), unchanged but for
/// its host, against MemoryApi on both stores (tests/mem0-client-vercel/drive-client.mjs): its memory functions, and its
/// model through generateText and streamText, answered by a scripted OpenAI-compatible server in the driver (the only
/// fake: no LLM runs here). Each change is checked against what the service then holds, and each model call against
/// the memories the provider put in front of the model.
/// </summary>
public abstract class Mem0VercelClientTests : Mem0ClientServer
{
    [Fact]
    public async Task The_vercel_ai_provider_adds_searches_and_feeds_memories_to_the_model_through_this_service()
    {
        var r = await RunAsync("mem0-client-vercel", "drive-client.mjs", "@mem0/vercel-ai-provider");

        Assert.Equal("SUCCEEDED", r.Value("add").Str("status"));
        Assert.Equal(["I am allergic to peanuts."], r.Held("add"));
        Assert.Equal(["I am allergic to peanuts.", "I live in Paris."], r.Held("add_string"));
        Assert.Contains("I am allergic to peanuts.", r.Value("search").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(["I live in Paris."], r.Value("get").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains("Memory: I am allergic to peanuts.", r.Value("retrieve").GetString());
        // Its metadata filter reaches the engine: no memory has that topic.
        Assert.Equal(0, r.Value("search_metadata").GetArrayLength());

        // generateText: the prompt's message is stored, and the model got the person's memories in its system prompt.
        Assert.Equal("Scripted answer.", r.Value("generate").Str("text"));
        Assert.Equal(["I am allergic to peanuts.", "I live in Paris.", "My cat is called Tom."], r.Held("generate"));
        var generatePrompt = Assert.Single(r.Prompts("generate"));
        Assert.Contains("Memory: I am allergic to peanuts.", generatePrompt);
        Assert.Contains("Memory: My cat is called Tom.", generatePrompt);
        Assert.Equal("Scripted answer.", r.Value("stream").Str("text"));
        Assert.Contains("Memory: My cat is called Tom.", Assert.Single(r.Prompts("stream")));
        // (mem0Config infer: false, so the provider stores the question too, verbatim, as it asks.)
        Assert.Contains("What is my cat called?", r.Held("stream"));

        // The bare model, mem0(id), through OpenAI's Responses API: the prompt is stored, found memories reach the model.
        Assert.Equal("Scripted answer.", r.Value("generate_responses").Str("text"));
        Assert.Contains("My dog is called Rex.", r.Held("generate_responses"));
        Assert.Contains("Memory: My cat is called Tom.", Assert.Single(r.Prompts("generate_responses")));

        // app_id, as Vercel users configure it: stored as the memory's app, and the search is scoped to it.
        Assert.Equal("SUCCEEDED", r.Value("add_app").Str("status"));
        Assert.Equal(["I work at the bakery."], r.Held("add_app"));
        Assert.Equal(["I work at the bakery."], r.Value("search_app").EnumerateArray().Select(m => m.GetString()));

        // A wrong key stores nothing: vera still holds her six memories (the app's one included: a read without
        // app_id sees every app), and not the refused one.
        r.Failed("wrong_key", "Error", "status: 401");
        Assert.Equal(6, r.Held("wrong_key").Length);
        Assert.DoesNotContain("I like chess.", r.Held("wrong_key"));
        r.NoUnexpectedError();
    }
}

public sealed class SqliteMem0VercelClientTests : Mem0VercelClientTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresMem0VercelClientTests : Mem0VercelClientTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
