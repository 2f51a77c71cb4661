using System.Globalization;
using System.Text.Json;
using MemoryCore.Engine;
using MemoryCore.Model;

namespace MemoryCore.Import;

/// <summary>
/// One JSON object of an import file to a memory, validated exactly as an add is (scope id rules, StorableText,
/// text and metadata limits). Reads our own shape and Mem0's memory objects alike (<c>memory</c>, <c>user_id</c>,
/// <c>agent_id</c>, <c>run_id</c>, <c>app_id</c>, <c>metadata</c>, <c>categories</c>, <c>created_at</c>, <c>updated_at</c>, <c>id</c>);
/// <c>text</c> is accepted for <c>memory</c> and <c>session_id</c> for <c>run_id</c>. A given <c>hash</c> is not
/// trusted: it is computed again from the text. Other fields (Mem0's owner, score, …) are ignored.
/// </summary>
internal sealed class ImportItemParser(RequestLimits limits)
{
    public MemoryRecord Parse(JsonElement item, DateTimeOffset defaultTime, string tenant = MemoryScope.DefaultTenant)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"each item must be a JSON object, not {item.ValueKind.ToString().ToLowerInvariant()}.");
        }

        var text = String(item, "memory") ?? String(item, "text") ?? throw Invalid("memory (the text) is required.");
        limits.CheckMemoryText(text);
        var runId = String(item, "run_id");
        var sessionId = String(item, "session_id");
        if (runId is not null && sessionId is not null && runId != sessionId)
        {
            throw Invalid("run_id and session_id differ; give one.");
        }

        // An app_id names the memory's app within its owner; like every write, an item must name a user, agent or run.
        var scope = MemoryScope.Create(String(item, "user_id"), String(item, "agent_id"), runId ?? sessionId, tenant, String(item, "app_id")).RequireOwner();
        var metadata = Metadata(item);
        limits.CheckMetadata(metadata);
        var created = Time(item, "created_at") ?? defaultTime;
        var updated = Time(item, "updated_at") ?? created;
        return new MemoryRecord(Id(item), text, MemoryHash.Compute(text), metadata, created, updated, scope.UserId, scope.AgentId, scope.RunId, scope.Tenant, scope.AppId);
    }

    private static Dictionary<string, JsonElement> Metadata(JsonElement item)
    {
        var metadata = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (item.TryGetProperty("metadata", out var value) && value.ValueKind != JsonValueKind.Null)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("metadata must be a JSON object.");
            }

            StorableText.Check(value, "metadata");
            foreach (var property in value.EnumerateObject())
            {
                metadata[property.Name] = property.Value.Clone();
            }
        }

        // Mem0 keeps categories beside the metadata; here they live in it, unless the metadata names its own.
        if (item.TryGetProperty("categories", out var categories) && categories.ValueKind == JsonValueKind.Array && !metadata.ContainsKey("categories"))
        {
            StorableText.Check(categories, "categories");
            metadata["categories"] = categories.Clone();
        }

        return metadata;
    }

    private static Guid Id(JsonElement item)
    {
        var id = String(item, "id");
        if (id is null)
        {
            return Guid.CreateVersion7();
        }

        return Guid.TryParse(id, out var guid) && guid != Guid.Empty ? guid : throw Invalid("id must be a UUID.");
    }

    private static DateTimeOffset? Time(JsonElement item, string name)
    {
        var value = String(item, name);
        if (value is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? Timestamps.Truncate(time)
            : throw Invalid($"{name} must be an ISO 8601 date and time.");
    }

    private static string? String(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Invalid($"{name} must be a string.");
        }

        StorableText.Check(value, name); // names an unpaired surrogate or invalid UTF-8 instead of throwing from GetString
        return value.GetString();
    }

    private static MemoryValidationException Invalid(string message) => new(ValidationFailure.Invalid, message);
}
