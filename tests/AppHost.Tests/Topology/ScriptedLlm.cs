using MemoryTests.Fakes;

namespace AppHost.Tests.Topology;

/// <summary>
/// How the fake OpenAI-compatible server answers the topology (no model runs on this machine): fact extraction
/// returns each user turn as a fact, reconciliation decides nothing (so the engine adds the facts), and the Django
/// sample's chat completions get a fixed reply.
/// </summary>
public static class ScriptedLlm
{
    public const string ChatReply = "Thank you, I will keep that in mind.";

    public static void Apply(FakeOpenAiServer server)
    {
        server.DefaultChatReply = ChatReply;
        server.ChatResponder = request => FakeOpenAiServer.ResponseSchemaName(request) switch
        {
            "extracted_facts" => JsonSerializer.Serialize(new { facts = UserTurns(request) }),
            "memory_decisions" => """{"decisions":[]}""",
            // The distillation worker: one recurring pattern when the person keeps swimming, and the same text again
            // on a later pass (so the worker's exact-duplicate check is what keeps the second pass from adding).
            "distilled_patterns" => OpenAiWireFormat.AllMessageText(request).Contains("swimming", StringComparison.Ordinal)
                ? """{"patterns":["The person often goes swimming at the pool."]}"""
                : """{"patterns":[]}""",
            _ => null,
        };
    }

    /// <summary>The user turns of the transcript the extractor sends after "Conversation (JSON):".</summary>
    private static List<string> UserTurns(JsonElement request)
    {
        var text = OpenAiWireFormat.AllMessageText(request);
        var start = text.IndexOf('[', text.IndexOf("Conversation (JSON):", StringComparison.Ordinal));
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text[start..]));
        using var transcript = JsonDocument.ParseValue(ref reader);
        return [.. transcript.RootElement.EnumerateArray()
            .Where(t => t.GetProperty("role").GetString() == "user")
            .Select(t => t.GetProperty("content").GetString() ?? "")];
    }
}
