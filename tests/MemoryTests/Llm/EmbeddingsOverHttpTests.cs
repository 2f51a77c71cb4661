using MemoryCore.Embeddings;
using MemoryCore.Extraction.Llm;
using MemoryTests.Fakes;
using Microsoft.Extensions.AI;

namespace MemoryTests.Llm;

/// <summary>The OpenAI-compatible embedding generator through the real SDK against <see cref="FakeOpenAiServer"/>.</summary>
public sealed class EmbeddingsOverHttpTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(64)]
    [InlineData(384)]
    public async Task Embeddings_have_the_configured_dimensions_and_match_the_hashing_embedder(int dimensions)
    {
        using var generator = OpenAiCompatibleProviders.CreateEmbeddingGenerator(_server.EmbeddingOptions(dimensions));

        var embeddings = await generator.GenerateAsync(["Loves cheese pizza", "Plays tennis"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, embeddings.Count);
        Assert.All(embeddings, e => Assert.Equal(dimensions, e.Vector.Length));
        Assert.Equal(new HashingEmbeddingGenerator(dimensions).Embed("Plays tennis"), embeddings[1].Vector.ToArray());
        var request = Assert.Single(_server.EmbeddingRequests).RootElement;
        Assert.Equal("fake-embedding", request.GetProperty("model").GetString());
        Assert.Equal(dimensions, request.GetProperty("dimensions").GetInt32());
    }

    [Fact]
    public async Task Embedding_failure_is_classified_and_wrapped_as_a_provider_failure()
    {
        // 503 is retried by the SDK (twice, honouring Retry-After), so keep the wait short.
        _server.FailEmbeddings(503, TimeSpan.FromSeconds(1));
        using var generator = OpenAiCompatibleProviders.CreateEmbeddingGenerator(_server.EmbeddingOptions(64));
        var token = TestContext.Current.CancellationToken;

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => generator.GenerateAsync(["x"], cancellationToken: token));

        Assert.True(ProviderFailures.IsProviderFailure(ex, token));
        var wrapped = ProviderFailures.Wrap("embedder", ex);
        Assert.Equal("embedder", wrapped.Provider);
        Assert.Equal(TimeSpan.FromSeconds(1), wrapped.RetryAfter);
        Assert.Equal(3, _server.EmbeddingRequests.Count);

        _server.RestoreEmbeddings();
        var recovered = await generator.GenerateAsync(["x"], cancellationToken: token);
        Assert.Equal(64, recovered[0].Vector.Length);
    }
}
