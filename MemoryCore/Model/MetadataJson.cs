using System.Text.Json;

namespace MemoryCore.Model;

/// <summary>Metadata is a flat-or-nested JSON object, stored as JSON text.</summary>
public static class MetadataJson
{
    public static readonly IReadOnlyDictionary<string, JsonElement> Empty = new Dictionary<string, JsonElement>();

    public static string Serialize(IReadOnlyDictionary<string, JsonElement> metadata) => JsonSerializer.Serialize(metadata);

    public static IReadOnlyDictionary<string, JsonElement> Parse(string? json) =>
        string.IsNullOrEmpty(json) ? Empty : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json) ?? Empty;

    /// <summary>Keys of <paramref name="overrides"/> replace those of <paramref name="original"/>.</summary>
    public static IReadOnlyDictionary<string, JsonElement> Merge(
        IReadOnlyDictionary<string, JsonElement> original, IReadOnlyDictionary<string, JsonElement>? overrides)
    {
        if (overrides is null || overrides.Count == 0)
        {
            return original;
        }

        var merged = new Dictionary<string, JsonElement>(original, StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            merged[key] = value;
        }

        return merged;
    }
}
