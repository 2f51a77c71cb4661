using MemoryCore.Extraction.Llm;
using MemoryCore.Model;
using MemoryTests.Fakes;

namespace MemoryTests.Llm;

/// <summary>The fake server's own contract, which the API tests rely on too.</summary>
public sealed class FakeOpenAiServerTests
{
    [Fact]
    public async Task Responder_answers_by_requested_schema_when_nothing_is_scripted()
    {
        await using var server = await FakeOpenAiServer.StartAsync(TestContext.Current.CancellationToken);
        server.ChatResponder = request => FakeOpenAiServer.ResponseSchemaName(request) switch
        {
            "extracted_facts" => """{"facts": ["Lives in Porto"]}""",
            "memory_decisions" => """{"decisions": [{"fact_index": 0, "event": "UPDATE", "memory_id": "0", "text": "Lives in Porto"}]}""",
            _ => null,
        };
        var chat = OpenAiCompatibleProviders.CreateChatClient(server.LlmOptions());
        var old = LlmTestData.Memory("Lives in Lisbon");

        var facts = await new LlmFactExtractor(chat).ExtractAsync(
            LlmTestData.Conversation(("user", "I moved to Porto.")), false, TestContext.Current.CancellationToken);
        var decisions = await new LlmMemoryReconciler(chat).DecideAsync(
            [LlmTestData.Fact(0, facts[0], old)], TestContext.Current.CancellationToken);

        Assert.Equal([new MemoryCore.Extraction.MemoryDecision(0, MemoryEvent.Update, old.Id, "Lives in Porto")], decisions);
        Assert.Equal(2, server.ChatRequests.Count);
    }

    [Fact]
    public async Task Unknown_routes_answer_404_in_openai_error_format()
    {
        await using var server = await FakeOpenAiServer.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(server.BaseUrl + "/models"), TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.EndsWith("/v1", server.BaseUrl.ToString().TrimEnd('/'), StringComparison.Ordinal);
    }
}
