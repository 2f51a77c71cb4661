using System.Text.RegularExpressions;
using AppHost.Tests.Browser;

namespace AppHost.Tests.Topology;

/// <summary>A person's data, out and gone, from the caregiver page through the real MemoryApi (/users/{userId}).</summary>
[Collection(TopologyCollection.Name)]
public sealed partial class PersonDataThroughDjangoTests(TopologyFixture fixture) : IDisposable
{
    private readonly ChromiumSession _browser = new();

    [Fact]
    public async Task TheCaregiverExportsAPersonThenErasesThemAndNothingIsLeftToFind()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pages = new ChatPages(_browser.Driver, fixture.DjangoUrl, TopologyFixture.DjangoDemoPassword);
        // Ben is shared with other tests of this run; erasing him leaves them nothing they rely on (each test writes
        // what it checks).
        var user = ChatPages.Ben;
        var fact = $"My locker code is {Guid.NewGuid():N}.";
        pages.SendChat(user, fact);
        using var api = fixture.MemoryApiClient();
        // On a loaded machine the sample's write can outlast its 5 s budget and still be applied: wait for it.
        await WaitForMemoryAsync(api, user, fact, cancellationToken);

        var (response, body) = await pages.CaregiverExportAsync(user, cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(ExportFileName(), Assert.Single(response.Content.Headers.GetValues("Content-Disposition")));
        using (var export = JsonDocument.Parse(body))
        {
            Assert.Equal(user, export.RootElement.GetProperty("user_id").GetString());
            Assert.True(export.RootElement.GetProperty("memories").EnumerateArray().Any(m => m.GetProperty("memory").GetString() == fact), body);
            Assert.Contains(export.RootElement.GetProperty("turns").EnumerateArray(), t => t.GetProperty("content").GetString() == fact);
        }

        var notice = pages.CaregiverErase(user);

        Assert.Matches(ErasedNotice(), notice);
        Assert.Empty(pages.CaregiverMemories(user));
        Assert.Empty(await MemoryApiCalls.SearchAsync(api, fact, user, cancellationToken));
        Assert.Empty(await MemoryApiCalls.MemoriesAsync(api, $"user_id={user}", cancellationToken));
        Assert.Empty(await MemoryApiCalls.TurnsAsync(api, user, cancellationToken));
    }

    private static async Task WaitForMemoryAsync(HttpClient api, string user, string fact, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await MemoryApiCalls.MemoriesAsync(api, $"user_id={user}", cancellationToken)).Any(m => m.GetProperty("memory").GetString() == fact))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the chat turn's memory \"{fact}\" never reached MemoryApi");
            await Task.Delay(250, cancellationToken);
        }
    }

    [GeneratedRegex("""^attachment; filename="memories-ben-\d{8}-\d{4}\.json"$""")]
    private static partial Regex ExportFileName();

    [GeneratedRegex(@"Everything stored about ben was erased: [1-9]\d* memor(y|ies), \d+ history rows? redacted, [1-9]\d* conversation turns?, .*The audit record [0-9a-f-]{36} keeps these counts, not the content\.")]
    private static partial Regex ErasedNotice();

    public void Dispose() => _browser.Dispose();
}
