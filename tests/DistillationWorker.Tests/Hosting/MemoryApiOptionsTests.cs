using DistillationWorker.Hosting;
using Microsoft.Extensions.Configuration;

namespace DistillationWorker.Tests.Hosting;

public sealed class MemoryApiOptionsTests
{
    private static Uri Resolve(params (string Key, string Value)[] settings) =>
        MemoryApiOptions.ResolveBaseAddress(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void An_explicit_base_url_wins() =>
        Assert.Equal(new Uri("http://api.internal:8080/"), Resolve(("MemoryApi:BaseUrl", "http://api.internal:8080"), ("services:memoryapi:http:0", "http://x:1")));

    [Fact]
    public void A_path_prefix_is_kept_for_relative_routes() =>
        Assert.Equal(new Uri("http://gateway/memory/turns"), new Uri(Resolve(("MemoryApi:BaseUrl", "http://gateway/memory")), "turns"));

    [Fact]
    public void Aspire_service_entries_select_the_discovered_name() =>
        Assert.Equal(new Uri("http://memoryapi/"), Resolve(("services:memoryapi:http:0", "http://localhost:5123")));

    [Fact]
    public void Nothing_configured_means_the_local_memoryapi() =>
        Assert.Equal(new Uri(MemoryApiOptions.LocalDefault), Resolve());

    [Fact]
    public void A_malformed_base_url_fails_loudly() =>
        Assert.Throws<InvalidOperationException>(() => Resolve(("MemoryApi:BaseUrl", "memoryapi:8080")));
}
