using MemoryTests.Infrastructure;

namespace MemoryTests.Api.Mem0Clients;

/// <summary>
/// LangChain's <c>Mem0Memory</c> (@langchain/community 0.3.59) and @mem0/community's, both over mem0ai 2.4.6, unchanged
/// but for the host, against MemoryApi on both stores (tests/mem0-client-langchain/drive-client.cjs). Both swallow
/// errors and carry on with an empty memory, so each step is judged by what the service then holds and by the memory
/// text the chain is given, and by the package having printed no error.
/// </summary>
public abstract class Mem0LangChainClientTests : Mem0ClientServer
{
    [Fact]
    public async Task LangChain_and_mem0_community_Mem0Memory_save_and_load_through_this_service()
    {
        var r = await RunAsync("mem0-client-langchain", "drive-client.cjs", "@langchain/community");
        foreach (var prefix in new[] { "langchain", "community" })
        {
            // The step ran and the package printed no error (it logs instead of throwing).
            void Clean(string step)
            {
                r.Value($"{prefix}_{step}");
                Assert.Empty(r.Errors($"{prefix}_{step}"));
            }

            // saveContext: POST /v1/memories/ with the turn's two messages, stored verbatim (memoryOptions.infer: false).
            Clean("save");
            Assert.Equal(["I am allergic to peanuts.", "Noted, no peanuts."], r.Held($"{prefix}_save"));
            Assert.Equal(["I am allergic to peanuts.", "My sister is called Lea.", "Nice to meet Lea.", "Noted, no peanuts."], r.Held($"{prefix}_save_second"));

            // loadMemoryVariables: getAll without input (GET /v1/memories/?user_id=), search with it (POST /v1/memories/search/).
            Clean("load_all");
            foreach (var text in new[] { "I am allergic to peanuts.", "My sister is called Lea.", "Nice to meet Lea.", "Noted, no peanuts." })
            {
                Assert.Contains(text, r.Value($"{prefix}_load_all").GetString());
            }

            Clean("load_search");
            Assert.Contains("I am allergic to peanuts.", r.Value($"{prefix}_load_search").GetString());
            Clean("load_messages");
            Assert.StartsWith("system: ", Assert.Single(r.Value($"{prefix}_load_messages").EnumerateArray()).GetString());
            Assert.Contains("My sister is called Lea.", r.Value($"{prefix}_load_messages")[0].GetString());

            // With infer left on, the service extracts the fact from the turn.
            Clean("save_inferred");
            Assert.Equal(["I live in Paris."], r.Held($"{prefix}_save_inferred"));

            // clear() is local to the chain: the memories stay.
            Assert.Equal(4, r.Held($"{prefix}_clear").Length);

            // Another session's memory holds none of sam's.
            Clean("load_other");
            Assert.DoesNotContain("peanuts", r.Value($"{prefix}_load_other").GetString());

            // A wrong key: the package logs the 401 and stores nothing.
            Assert.Contains(r.Errors($"{prefix}_wrong_key"), e => e.Contains("The API key is not valid.", StringComparison.Ordinal));
            Assert.Equal(4, r.Held($"{prefix}_wrong_key").Length);
        }

        r.NoUnexpectedError();
    }
}

public sealed class SqliteMem0LangChainClientTests : Mem0LangChainClientTests
{
    protected override TestStore CreateTestStore() => new SqliteTestStore();
}

public sealed class PostgresMem0LangChainClientTests : Mem0LangChainClientTests
{
    protected override TestStore CreateTestStore() => new PostgresTestStore();
}
