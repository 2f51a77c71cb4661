using System.Text;

namespace MemoryTests.Api.Hostile;

public abstract partial class HostileInputTests
{
    public static TheoryData<string> OddCases => OddButValidCatalog.Names;

    [Theory]
    [MemberData(nameof(OddCases))]
    public async Task Odd_but_valid_input_succeeds_and_leaves_the_seeded_scope_alone(string name)
    {
        await api.StartAsync();
        var odd = OddButValidCatalog.All[name];
        var before = await api.FingerprintAsync();

        using var request = new HttpRequestMessage(new HttpMethod(odd.Method), odd.Path);
        if (odd.Body is not null)
        {
            request.Content = new StringContent(odd.Body, Encoding.UTF8, "application/json");
        }

        using var response = await api.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccessStatusCode, $"expected 2xx, got {(int)response.StatusCode}: {body}");
        Assert.Equal(before, await api.FingerprintAsync());
    }
}
