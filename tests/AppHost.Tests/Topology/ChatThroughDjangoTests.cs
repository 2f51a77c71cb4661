using AppHost.Tests.Browser;
using AppHost.Tests.Telemetry;
using MemoryTests.Fakes;

namespace AppHost.Tests.Topology;

/// <summary>A person chatting in a real browser, against the endpoints the AppHost gives the Django sample.</summary>
[Collection(TopologyCollection.Name)]
public sealed class ChatThroughDjangoTests(TopologyFixture fixture) : IDisposable
{
    private readonly ChromiumSession _browser = new();

    private ChatPages? _pages;

    // One per test, so it remembers who is logged in to this test's browser.
    private ChatPages Pages => _pages ??= new(_browser.Driver, fixture.DjangoUrl, TopologyFixture.DjangoDemoPassword);

    [Fact]
    public async Task AChatTurnIsStoredFoundBySearchAndShownOnTheCaregiverPage()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // The demo people are shared by the tests of this run, so each message is made unique.
        var user = ChatPages.Ana;
        var fact = $"I don't like being touched on the shoulder, said {Guid.NewGuid():N}.";

        var reply = Pages.SendChat(user, fact);

        Assert.EndsWith(ScriptedLlm.ChatReply, reply.Trim(), StringComparison.Ordinal);
        using var api = fixture.MemoryApiClient();
        var hits = await MemoryApiCalls.SearchAsync(api, fact, user, cancellationToken);
        Assert.Contains(hits, h => h.GetProperty("memory").GetString() == fact);
        Assert.Contains(fact, Pages.CaregiverMemories(user));
    }

    [Fact]
    public async Task IncognitoWritesNothing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var user = ChatPages.Ben;

        var cat = $"Mingau{Guid.NewGuid():N}";
        var reply = Pages.SendChat(user, $"I live in Lisbon with my cat {cat}.", incognito: true);

        Assert.False(string.IsNullOrWhiteSpace(reply));
        // Ben is shared with other tests of this run: nothing stored about him may mention this message.
        Assert.DoesNotContain(Pages.CaregiverMemories(user), m => m.Contains(cat, StringComparison.Ordinal));
        using var api = fixture.MemoryApiClient();
        Assert.DoesNotContain(await MemoryApiCalls.MemoriesAsync(api, $"user_id={user}", cancellationToken),
            m => m.GetRawText().Contains(cat, StringComparison.Ordinal));
        Assert.DoesNotContain(await MemoryApiCalls.TurnsAsync(api, user, cancellationToken),
            t => t.GetRawText().Contains(cat, StringComparison.Ordinal));
        // The reply may use the LLM; no memory extraction ever saw the message.
        Assert.DoesNotContain(fixture.Llm.ChatRequests, r => FakeOpenAiServer.ResponseSchemaName(r.RootElement) is not null
            && r.RootElement.GetRawText().Contains(cat, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OneChatTurnIsOneTraceFromDjangoThroughMemoryApiAndTheLlmToPostgres()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Pages.SendChat(ChatPages.Ana, "My favourite colour is green.");
        var traceId = Pages.TraceId();

        var trace = await fixture.Collector.TraceAsync(traceId, TraceIsComplete, TimeSpan.FromSeconds(30), cancellationToken);

        Assert.True(TraceIsComplete(trace), $"trace {traceId} had: {Describe(trace)}");
        // One tree: every MemoryApi server span hangs under a span Django exported.
        var djangoSpans = trace.Where(s => s.Service == "djangosample").Select(s => s.SpanId).ToHashSet();
        var memoryApiServerSpans = trace.Where(s => s.Service == "memoryapi" && s.Scope == "Microsoft.AspNetCore").ToList();
        Assert.NotEmpty(memoryApiServerSpans);
        Assert.All(memoryApiServerSpans, s => Assert.Contains(s.ParentSpanId!, djangoSpans));
        Assert.Single(trace, s => s.ParentSpanId is null);
    }

    [Fact]
    public void EachLoginReachesOnlyItsOwnPages()
    {
        Pages.LogIn(ChatPages.Ana);
        Assert.Equal("Not Found", Pages.Heading($"/chat/{ChatPages.Ben}/"));
        Assert.Equal("Not Found", Pages.Heading($"/caregiver/{ChatPages.Ana}/"));

        Pages.LogIn(ChatPages.Caregiver);
        Assert.Equal("Not Found", Pages.Heading($"/chat/{ChatPages.Ana}/"));
        Assert.Equal($"Memories of {ChatPages.Ben}", Pages.Heading($"/caregiver/{ChatPages.Ben}/"));
    }

    private static bool TraceIsComplete(IReadOnlyList<CollectedSpan> trace) =>
        trace.Any(s => s.Service == "djangosample" && s.Kind == 2)
        && trace.Any(s => s.Service == "memoryapi" && s.Scope == "Microsoft.AspNetCore")
        && trace.Any(s => s.Service == "memoryapi" && s.Scope == "MemoryCore.Llm")
        && trace.Any(s => s.Service == "memoryapi" && s.Scope == "Npgsql");

    private static string Describe(IReadOnlyList<CollectedSpan> trace) =>
        string.Join("; ", trace.Select(s => $"{s.Service}/{s.Scope}/{s.Name}"));

    public void Dispose() => _browser.Dispose();
}
