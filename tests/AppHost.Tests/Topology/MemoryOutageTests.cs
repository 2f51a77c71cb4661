using AppHost.Tests.Browser;

namespace AppHost.Tests.Topology;

/// <summary>A memory outage degrades the assistant instead of breaking it.</summary>
[Collection(TopologyCollection.Name)]
public sealed class MemoryOutageTests(TopologyFixture fixture) : IDisposable
{
    private readonly ChromiumSession _browser = new();

    [Fact]
    public async Task TheChatStillAnswersWhileMemoryApiIsStopped()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pages = new ChatPages(_browser.Driver, fixture.DjangoUrl, TopologyFixture.DjangoDemoPassword);
        var user = ChatPages.Ben;
        pages.SendChat(user, "I am allergic to peanuts.");
        var replicas = await ResourceCommands.StopAllAsync(fixture.App, "memoryapi", TopologyFixture.MemoryApiReplicas, cancellationToken);
        try
        {
            var reply = pages.SendChat(user, "What should I eat today?");

            Assert.False(string.IsNullOrWhiteSpace(reply));
            Assert.False(string.IsNullOrWhiteSpace(pages.MemoryStatus()), "the page should say memory is unavailable");
            Assert.DoesNotContain("Server Error", pages.PageSource, StringComparison.Ordinal);
        }
        finally
        {
            // Leave the topology as the other tests expect it.
            await ResourceCommands.StartAllAsync(fixture.App, replicas, cancellationToken);
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("memoryapi", cancellationToken)
                .WaitAsync(TimeSpan.FromSeconds(90), cancellationToken);
        }
    }

    public void Dispose() => _browser.Dispose();
}
