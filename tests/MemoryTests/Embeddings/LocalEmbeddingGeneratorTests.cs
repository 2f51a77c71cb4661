using System.Diagnostics.Metrics;
using System.Numerics.Tensors;
using MemoryCore.Embeddings;
using MemoryCore.Embeddings.Local;
using MemoryCore.Engine;
using MemoryCore.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MemoryTests.Embeddings;

/// <summary>The in-process snowflake-arctic-embed-xs embedder: prefixes, batching, truncation, lazy loading, selection.</summary>
public sealed class LocalEmbeddingGeneratorTests
{
    private static LocalEmbeddingGenerator Create() => new(NullLogger<LocalEmbeddingGenerator>.Instance);

    [Fact]
    public async Task A_query_is_embedded_with_the_query_instruction_and_a_document_without()
    {
        using var generator = Create();
        const string text = "What does the user find calming?";

        var document = (await generator.GenerateAsync([text])).Single().Vector.ToArray();
        var query = (await generator.GenerateAsync([text], EmbeddingPurpose.QueryOptions())).Single().Vector.ToArray();

        Assert.Equal(ArcticXsModel.Dimensions, document.Length);
        Assert.InRange(TensorPrimitives.Norm(document), 0.999f, 1.001f);
        Assert.True(TensorPrimitives.CosineSimilarity(document, query) < 0.99f, "the query instruction changes the vector");
    }

    [Fact]
    public async Task A_batch_sorted_by_length_comes_back_in_input_order()
    {
        using var generator = Create();
        string[] texts = [.. Enumerable.Range(0, 20).Select(i => string.Join(' ', Enumerable.Repeat($"word{i}", 20 - i)))];

        var batched = await generator.GenerateAsync(texts);
        var first = (await generator.GenerateAsync([texts[0]])).Single();
        var last = (await generator.GenerateAsync([texts[^1]])).Single();

        Assert.Equal(texts.Length, batched.Count);
        Assert.True(TensorPrimitives.CosineSimilarity(batched[0].Vector.Span, first.Vector.Span) > 0.999f);
        Assert.True(TensorPrimitives.CosineSimilarity(batched[^1].Vector.Span, last.Vector.Span) > 0.999f);
    }

    [Fact]
    public async Task Concurrent_calls_share_one_model_and_get_the_same_vectors()
    {
        using var generator = Create();
        string[] texts = ["I like tea.", "My sister lives in Berlin.", "We adopted a puppy in March.", "I work as a nurse."];

        var parallel = await Task.WhenAll(texts.Select(t => Task.Run(() => generator.GenerateAsync([t]))));
        var sequential = await generator.GenerateAsync(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(TensorPrimitives.CosineSimilarity(parallel[i].Single().Vector.Span, sequential[i].Vector.Span) > 0.999f);
        }
    }

    [Fact]
    public async Task Input_past_the_token_window_is_counted_not_silently_cut()
    {
        using var generator = Create();
        var truncated = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MemoryTelemetry.Name && instrument.Name == "memory.embed.truncated")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref truncated, value));
        listener.Start();

        await generator.GenerateAsync(["short text", string.Join(' ', Enumerable.Repeat("memory", 600))]);

        Assert.Equal(1, Interlocked.Read(ref truncated));
    }

    [Fact]
    public async Task The_model_loads_on_first_use_only()
    {
        using var generator = Create();
        Assert.False(generator.IsLoaded);

        await generator.GenerateAsync(["hello"]);

        Assert.True(generator.IsLoaded);
    }

    [Theory]
    [InlineData(null, typeof(LocalEmbeddingGenerator), "snowflake-arctic-embed-xs")]
    [InlineData("local", typeof(LocalEmbeddingGenerator), "snowflake-arctic-embed-xs")]
    [InlineData("hashing", typeof(HashingEmbeddingGenerator), "hashing-v1")]
    public void The_provider_setting_selects_the_embedder(string? provider, Type expected, string model)
    {
        using var host = Build(new() { ["Embeddings:Provider"] = provider });

        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        Assert.NotNull(generator.GetService(expected));
        Assert.Equal(model, host.Services.GetRequiredService<Embedder>().Identity.Model);
    }

    [Fact]
    public void The_local_model_refuses_other_dimensions()
    {
        using var host = Build(new() { ["Embeddings:Provider"] = "local", ["Embeddings:Dimensions"] = "64" });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<EmbeddingOptions>>().Value);
        Assert.Contains("384", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration["MEMORY_DATA_DIR"] = Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid().ToString("N"));
        builder.AddMemoryCore();
        return builder.Build();
    }
}
