using System.Text.Json;
using MemoryCore;
using MemoryCore.Filtering;
using MemoryCore.Model;

namespace MemoryApi.Apis;

/// <summary>Turns wire input into engine types, with errors that name the offending field.</summary>
internal static class RequestParsing
{
    private static readonly string[] ScopeKeys = ["user_id", "agent_id", "run_id", "app_id"];

    public static Guid MemoryId(string id) =>
        Guid.TryParse(id, out var guid) ? guid : throw Invalid($"'{Clip(id)}' is not a valid memory id (a UUID).");

    public static IReadOnlyList<ChatTurn> Messages(JsonElement? messages)
    {
        switch (messages)
        {
            case null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }:
                throw Invalid("messages is required.");
            case { ValueKind: JsonValueKind.String } text:
                return [new ChatTurn("user", Text(text, "messages"))];
            case { ValueKind: JsonValueKind.Array } list:
                var turns = new List<ChatTurn>();
                var i = 0;
                foreach (var item in list.EnumerateArray())
                {
                    turns.Add(Message(item, $"messages[{i++}]"));
                }

                return turns;
            default:
                throw Invalid("messages must be a list of {role, content} objects or a string.");
        }
    }

    /// <summary>Builds the scope in the caller's tenant, refused (403) outside a restricted key's people; ids may also
    /// come inside <c>filters</c> (Mem0 v2 style) and must then agree. <paramref name="appId"/> (Mem0's app_id) narrows
    /// the scope; alone it reads or deletes every memory of the app, which a key restricted to some people is refused.</summary>
    public static MemoryScope Scope(ScopeAccess access, string? userId, string? agentId, string? runId, JsonElement? filters = null, string? appId = null)
    {
        if (filters is { ValueKind: JsonValueKind.Object } f)
        {
            // Before any key is read: a key or value that is not valid Unicode must be a 400 naming it, not a crash.
            StorableText.Check(f, "filters");
            userId = Lift(f, "user_id", userId);
            agentId = Lift(f, "agent_id", agentId);
            runId = Lift(f, "run_id", runId);
            appId = Lift(f, "app_id", appId);
        }

        return access.Scope(userId, agentId, runId, appId);
    }

    /// <summary>Parses metadata filters, leaving out the scope ids lifted by <see cref="Scope"/>.</summary>
    public static MetadataFilter? Filters(JsonElement? filters)
    {
        if (filters is not { ValueKind: JsonValueKind.Object } f || !ScopeKeys.Any(k => f.TryGetProperty(k, out _)))
        {
            return MetadataFilterParser.Parse(filters);
        }

        var rest = new Dictionary<string, JsonElement>();
        foreach (var property in f.EnumerateObject().Where(p => !ScopeKeys.Contains(p.Name)))
        {
            rest[property.Name] = property.Value;
        }

        return MetadataFilterParser.Parse(JsonSerializer.SerializeToElement(rest));
    }

    public static JsonElement? FiltersFromQuery(string? filters)
    {
        if (string.IsNullOrWhiteSpace(filters))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(filters);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw Invalid("filters must be a JSON object.");
        }
    }

    private static ChatTurn Message(JsonElement item, string path)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{path} must be an object with role and content.");
        }

        var role = item.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? Text(r, $"{path}.role").Trim().ToLowerInvariant() : null;
        if (role is null)
        {
            throw Invalid($"{path}.role is required and must be a string.");
        }

        if (!item.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
        {
            throw Invalid($"{path}.content is required and must be a string.");
        }

        string? name = null;
        if (item.TryGetProperty("name", out var n) && n.ValueKind != JsonValueKind.Null)
        {
            name = n.ValueKind == JsonValueKind.String ? Text(n, $"{path}.name") : throw Invalid($"{path}.name must be a string.");
        }

        return new ChatTurn(role, Text(content, $"{path}.content"), name);
    }

    private static string? Lift(JsonElement filters, string key, string? explicitValue)
    {
        if (!filters.TryGetProperty(key, out var value))
        {
            return explicitValue;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Invalid($"filters.{key} must be a string.");
        }

        var lifted = Text(value, $"filters.{key}");
        if (explicitValue is not null && explicitValue != lifted)
        {
            throw Invalid($"{key} and filters.{key} disagree.");
        }

        return lifted;
    }

    /// <summary>A JSON string's text, refused with a 400 naming <paramref name="path"/> when it holds NUL or is not valid
    /// Unicode (reading a "\ud800" escape would otherwise throw mid-request).</summary>
    private static string Text(JsonElement value, string path)
    {
        StorableText.Check(value, path);
        return value.GetString()!;
    }

    private static string Clip(string value) => value.Length <= 64 ? value : value[..64] + "…";

    private static MemoryValidationException Invalid(string message) => new(ValidationFailure.Invalid, message);
}
