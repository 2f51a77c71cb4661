using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace MemoryCore.Extraction.Llm;

/// <summary>
/// Asks a chat model for a JSON object of a given schema and parses it into a DTO. An unusable reply gets one
/// repair round trip; if that fails too the call throws <see cref="ProviderUnavailableException"/>, so a bad model
/// answer fails the request visibly instead of silently dropping facts.
/// </summary>
public sealed class StructuredJsonChat(IChatClient chatClient, ILogger logger)
{
    public const string ProviderName = "llm";

    /// <summary>The ChatOptions.AdditionalProperties key the OpenAI adapter reads to send "strict": true.</summary>
    private const string StrictSchemaKey = "strict";

    private static readonly JsonSerializerOptions ParseOptions = new()
    {
        // A null where the DTO says non-null, or a missing "required" member, is a malformed reply.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        PropertyNameCaseInsensitive = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>Sends <paramref name="messages"/> and returns the parsed reply.</summary>
    /// <param name="validate">Checks beyond the shape of the DTO (for example allowed enum values); returns an
    /// error message for the model, or null when the reply is acceptable.</param>
    public async Task<T> GetAsync<T>(
        IReadOnlyList<ChatMessage> messages,
        JsonReplySchema schema,
        Func<T, string?>? validate,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(schema);
        var conversation = new List<ChatMessage>(messages);

        var reply = await SendAsync(conversation, schema, cancellationToken).ConfigureAwait(false);
        if (TryParse(reply, validate, out var parsed, out var error))
        {
            return parsed;
        }

        // Logged without the reply itself: it may contain personal data from the conversation.
        logger.LogWarning("LLM reply for {Schema} was unusable ({Error}); asking the model to correct it", schema.Name, error);
        conversation.Add(new ChatMessage(ChatRole.Assistant, reply ?? string.Empty));
        conversation.Add(new ChatMessage(ChatRole.User, RepairRequest(error)));

        reply = await SendAsync(conversation, schema, cancellationToken).ConfigureAwait(false);
        if (TryParse(reply, validate, out parsed, out error))
        {
            return parsed;
        }

        logger.LogError("LLM reply for {Schema} was still unusable after a repair attempt ({Error})", schema.Name, error);
        throw new ProviderUnavailableException(
            ProviderName,
            $"The LLM did not return valid '{schema.Name}' JSON, even after being asked to correct it: {error}");
    }

    private static string RepairRequest(string error) =>
        "Your previous reply could not be used because it is not valid JSON for the required schema. "
        + $"Problem: {error}\n"
        + "Reply again with only the corrected JSON object: no explanations, no markdown fences.";

    private async Task<string?> SendAsync(List<ChatMessage> conversation, JsonReplySchema schema, CancellationToken cancellationToken)
    {
        var options = new ChatOptions
        {
            Temperature = 0,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.Schema, schema.Name, schema.Description),

            // OpenAI then guarantees the schema (our schemas are written for strict mode); other servers ignore it.
            AdditionalProperties = new AdditionalPropertiesDictionary { [StrictSchemaKey] = true },
        };

        try
        {
            var response = await chatClient.GetResponseAsync(conversation, options, cancellationToken).ConfigureAwait(false);
            return response.Text;
        }
        catch (Exception ex) when (ProviderFailures.IsProviderFailure(ex, cancellationToken))
        {
            throw ProviderFailures.Wrap(ProviderName, ex);
        }
    }

    private static bool TryParse<T>(string? reply, Func<T, string?>? validate, out T parsed, out string error)
        where T : class
    {
        parsed = null!;
        if (string.IsNullOrWhiteSpace(reply))
        {
            error = "the reply was empty";
            return false;
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(JsonReplyText.Extract(reply), ParseOptions);
            if (value is null)
            {
                error = "the reply was the JSON literal null instead of an object";
                return false;
            }

            var problem = validate?.Invoke(value);
            if (problem is not null)
            {
                error = problem;
                return false;
            }

            parsed = value;
            error = string.Empty;
            return true;
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return false;
        }
    }
}
