using Microsoft.Extensions.Options;

namespace MemoryCore.Embeddings;

/// <summary>Stops start-up with the reason when the embedding settings cannot work (e.g. the local model with 64 dimensions).</summary>
internal sealed class EmbeddingOptionsValidator : IValidateOptions<EmbeddingOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddingOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
