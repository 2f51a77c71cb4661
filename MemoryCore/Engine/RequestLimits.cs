using System.Text.Json;
using MemoryCore.Model;

namespace MemoryCore.Engine;

/// <summary>Checks requests against <see cref="MemoryOptions"/> before anything is read or written.</summary>
internal sealed class RequestLimits(MemoryOptions options)
{
    public void CheckAdd(AddMemoryRequest request)
    {
        if (request.Messages.Count == 0)
        {
            throw Invalid("messages must hold at least one message.");
        }

        if (request.Messages.Count > options.MaxMessagesPerAdd)
        {
            throw TooLarge($"messages holds {request.Messages.Count} messages; the limit is {options.MaxMessagesPerAdd}.");
        }

        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i];
            StorableText.Check(message.Role, $"messages[{i}].role");
            StorableText.Check(message.Content, $"messages[{i}].content");
            StorableText.Check(message.Name, $"messages[{i}].name");
            if (message.Role is not ("user" or "assistant" or "system"))
            {
                throw Invalid($"messages[{i}].role must be 'user', 'assistant' or 'system'.");
            }

            if (message.Content.Length > options.MaxMessageChars)
            {
                throw TooLarge($"messages[{i}].content has {message.Content.Length} characters; the limit is {options.MaxMessageChars}.");
            }

            // A participant's name, like the scope ids: short, and refused rather than truncated.
            if (message.Name is { Length: > MemoryScope.MaxIdLength })
            {
                throw Invalid($"messages[{i}].name must be at most {MemoryScope.MaxIdLength} characters.");
            }
        }

        CheckMetadata(request.Metadata);
    }

    public void CheckMetadata(IReadOnlyDictionary<string, JsonElement>? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        StorableText.Check(metadata, "metadata");
        var bytes = JsonSerializer.SerializeToUtf8Bytes(metadata).Length;
        if (bytes > options.MaxMetadataBytes)
        {
            throw TooLarge($"metadata is {bytes} bytes; the limit is {options.MaxMetadataBytes}.");
        }
    }

    public void CheckMemoryText(string text)
    {
        StorableText.Check(text, "text");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Invalid("text must not be empty.");
        }

        if (text.Length > options.MaxMemoryChars)
        {
            throw TooLarge($"text has {text.Length} characters; the limit is {options.MaxMemoryChars}.");
        }
    }

    public void CheckSearch(SearchMemoryRequest request)
    {
        StorableText.Check(request.Query, "query");
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            throw Invalid("query must not be empty.");
        }

        if (request.Query.Length > options.MaxQueryChars)
        {
            throw TooLarge($"query has {request.Query.Length} characters; the limit is {options.MaxQueryChars}.");
        }

        CheckLimit(request.Limit, options.MaxSearchLimit);
        if (request.Threshold is { } t && (double.IsNaN(t) || t < 0 || t > 1))
        {
            throw Invalid("threshold must be between 0 and 1 (a cosine similarity in vector mode, the fused score in the other modes).");
        }
    }

    public void CheckListLimit(int limit) => CheckLimit(limit, options.MaxListLimit);

    private static void CheckLimit(int limit, int max)
    {
        if (limit < 1 || limit > max)
        {
            throw Invalid($"limit must be between 1 and {max}.");
        }
    }

    private static MemoryValidationException Invalid(string message) => new(ValidationFailure.Invalid, message);

    private static MemoryValidationException TooLarge(string message) => new(ValidationFailure.TooLarge, message);
}
