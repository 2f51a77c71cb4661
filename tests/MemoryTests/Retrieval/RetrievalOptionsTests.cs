using MemoryCore.Retrieval;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MemoryTests.Retrieval;

public sealed class RetrievalOptionsTests
{
    private static RetrievalOptions Bind(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddOptions<MemoryCore.Embeddings.EmbeddingOptions>().BindConfiguration("Embeddings");
        services.AddHybridRetrieval();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RetrievalOptions>>().Value;
    }

    [Fact]
    public void Defaults_are_vector_rrf_with_k_60_and_equal_weights_with_a_real_embedding_model()
    {
        var options = Bind(new() { ["Embeddings:Model"] = "text-embedding-3-small" });

        Assert.Equal((SearchMode.Vector, FusionMethod.Rrf, 60, 50), (options.DefaultMode, options.Fusion!.Value, options.RrfK, options.Candidates));
        Assert.Equal(1.0, options.WeightOf("vector"));
        Assert.Equal(1.0, options.WeightOf("graph"));
    }

    [Fact]
    public void The_offline_hashing_embedder_weighs_less_unless_configured()
    {
        Assert.Equal(RetrievalOptions.OfflineVectorWeight, Bind(new() { ["Embeddings:Provider"] = "hashing" }).WeightOf("vector"));
        Assert.Equal(1.0, Bind(new() { ["Embeddings:Provider"] = "hashing" }).WeightOf("fulltext"));
        Assert.Equal(0.8, Bind(new() { ["Embeddings:Provider"] = "hashing", ["Retrieval:Weights:Vector"] = "0.8" }).WeightOf("vector"));
    }

    [Fact]
    public void The_local_model_fuses_normalised_scores_unless_configured()
    {
        Assert.Equal(FusionMethod.Normalized, Bind([]).Fusion);
        Assert.Equal(FusionMethod.Rrf, Bind(new() { ["Retrieval:Fusion"] = "rrf" }).Fusion);
        Assert.Equal(FusionMethod.Rrf, Bind(new() { ["Embeddings:Provider"] = "hashing" }).Fusion);
    }

    [Fact]
    public void The_local_model_weighs_as_much_as_full_text()
    {
        Assert.Equal(1.0, Bind([]).WeightOf("vector"));
        Assert.Equal(1.0, Bind(new() { ["Embeddings:Provider"] = "local" }).WeightOf("vector"));
    }

    [Fact]
    public void The_retrieval_section_binds_case_insensitively()
    {
        var options = Bind(new()
        {
            ["Retrieval:DefaultMode"] = "fulltext",
            ["Retrieval:Fusion"] = "normalized",
            ["Retrieval:RrfK"] = "10",
            ["Retrieval:Weights:Vector"] = "0.25",
        });

        Assert.Equal((SearchMode.FullText, FusionMethod.Normalized, 10), (options.DefaultMode, options.Fusion!.Value, options.RrfK));
        Assert.Equal(0.25, options.WeightOf("vector"));
        Assert.Equal(1.0, options.WeightOf("fulltext"));
    }

    [Fact]
    public void Invalid_settings_fail_validation()
    {
        Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Retrieval:Weights:fulltext"] = "-2" }));
        Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Retrieval:Candidates"] = "5000" }));
    }

    [Theory]
    [InlineData("vector", SearchMode.Vector)]
    [InlineData("FullText", SearchMode.FullText)]
    [InlineData(" hybrid ", SearchMode.Hybrid)]
    [InlineData("GRAPH", SearchMode.Graph)]
    public void Wire_names_parse(string name, SearchMode mode)
    {
        Assert.Equal(mode, SearchModes.Parse(name));
        Assert.Equal(mode, SearchModes.Parse(SearchModes.Name(mode)));
    }
}
