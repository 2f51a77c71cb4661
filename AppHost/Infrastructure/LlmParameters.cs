namespace AppHost.Infrastructure;

/// <summary>
/// An optional OpenAI-compatible LLM (parameters <c>llm-base-url</c>, <c>llm-model</c>, <c>llm-api-key</c>). Each is
/// passed on only when configured and not empty; without a model the services stay on their offline providers.
/// </summary>
internal sealed class LlmParameters
{
    private readonly IResourceBuilder<ParameterResource>? _baseUrl;
    private readonly IResourceBuilder<ParameterResource>? _model;
    private readonly IResourceBuilder<ParameterResource>? _apiKey;

    private LlmParameters(IDistributedApplicationBuilder builder)
    {
        _baseUrl = Optional(builder, "llm-base-url", secret: false);
        _model = Optional(builder, "llm-model", secret: false);
        _apiKey = Optional(builder, "llm-api-key", secret: true);
    }

    public static LlmParameters FromConfiguration(IDistributedApplicationBuilder builder) => new(builder);

    public void ApplyTo<T>(IResourceBuilder<T> resource, string baseUrlVariable, string modelVariable, string apiKeyVariable)
        where T : IResourceWithEnvironment
    {
        if (_baseUrl is not null)
        {
            resource.WithEnvironment(baseUrlVariable, _baseUrl);
        }

        if (_model is not null)
        {
            resource.WithEnvironment(modelVariable, _model);
        }

        if (_apiKey is not null)
        {
            resource.WithEnvironment(apiKeyVariable, _apiKey);
        }
    }

    private static IResourceBuilder<ParameterResource>? Optional(IDistributedApplicationBuilder builder, string name, bool secret)
    {
        // Aspire reads Parameters:<name>, falling back to the name with '_' for '-' (for environment variables).
        var value = builder.Configuration[$"Parameters:{name}"];
        if (string.IsNullOrWhiteSpace(value))
        {
            value = builder.Configuration[$"Parameters:{name.Replace('-', '_')}"];
        }

        return string.IsNullOrWhiteSpace(value) ? null : builder.AddParameter(name, secret);
    }
}
