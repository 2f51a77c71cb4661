using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MemoryCore.Model;

namespace MemoryCore.Categories;

/// <summary>
/// The categories memories of one add are tagged from: Mem0's default set, a tenant's, or one add's own. On the wire it
/// is Mem0's shape, a list of one-key objects <c>[{"name": "description"}, ...]</c>. Names are kept as given (trimmed);
/// two names differing only in case are one name twice, so they are refused.
/// </summary>
public sealed class CategorySet
{
    public const int MaxCategories = 50;
    public const int MaxNameLength = 64;
    public const int MaxDescriptionLength = 500;

    private readonly Dictionary<string, MemoryCategory> _byName;

    public CategorySet(IReadOnlyList<MemoryCategory> categories)
    {
        Categories = categories;
        _byName = categories.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        Key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())));
    }

    public IReadOnlyList<MemoryCategory> Categories { get; }

    /// <summary>A digest of names and descriptions: two equal sets share their cached description vectors.</summary>
    public string Key { get; }

    /// <summary>The set's own spelling of <paramref name="name"/> (matched ignoring case), or null if it has no such category.</summary>
    public string? Canonical(string? name) =>
        name is not null && _byName.TryGetValue(name.Trim(), out var category) ? category.Name : null;

    /// <summary>Mem0's wire shape: <c>[{"name": "description"}, ...]</c>.</summary>
    public JsonElement ToWire() => JsonSerializer.SerializeToElement(Categories.Select(c => new Dictionary<string, string> { [c.Name] = c.Description }));

    public string ToJson() => ToWire().GetRawText();

    /// <summary>Parses Mem0's shape; also accepts a bare name string as an item (its description is then its name).
    /// Every problem is a 400 naming <paramref name="field"/>.</summary>
    public static CategorySet Parse(JsonElement element, string field)
    {
        StorableText.Check(element, field);
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Invalid($"{field} must be a list of {{\"name\": \"description\"}} objects.");
        }

        var categories = new List<MemoryCategory>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var path = $"{field}[{index++}]";
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    categories.Add(Category(item.GetString()!, item.GetString()!, path));
                    break;
                case JsonValueKind.Object:
                    var properties = item.EnumerateObject().ToList();
                    if (properties.Count != 1 || properties[0].Value.ValueKind != JsonValueKind.String)
                    {
                        throw Invalid($"{path} must be one {{\"name\": \"description\"}} pair with a string description.");
                    }

                    categories.Add(Category(properties[0].Name, properties[0].Value.GetString()!, path));
                    break;
                default:
                    throw Invalid($"{path} must be a {{\"name\": \"description\"}} object.");
            }
        }

        if (categories.Count == 0)
        {
            throw Invalid($"{field} must name at least one category.");
        }

        if (categories.Count > MaxCategories)
        {
            throw new MemoryValidationException(ValidationFailure.TooLarge, $"{field} may name at most {MaxCategories} categories.");
        }

        var duplicate = categories.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? new CategorySet(categories) : throw Invalid($"{field} names '{duplicate.Key}' twice.");
    }

    /// <summary>Reads back a set this class wrote (<see cref="ToJson"/>), e.g. from a tenant's stored settings.</summary>
    public static CategorySet FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement.Clone(), "custom_categories");
    }

    /// <summary>Checks a category name given to filter on (the same rules as a set's names).</summary>
    public static string CheckName(string? name, string field)
    {
        var trimmed = name?.Trim();
        // No comma: a query string lists several names separated by commas (GET /memories?categories=a,b).
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxNameLength || trimmed.Any(c => char.IsControl(c) || c == ',')
            ? throw Invalid($"{field}: a category name is 1 to {MaxNameLength} characters, without commas or control characters.")
            : trimmed;
    }

    private static MemoryCategory Category(string name, string description, string path)
    {
        var checkedName = CheckName(name, path);
        var text = description.Trim();
        if (text.Length > MaxDescriptionLength)
        {
            throw new MemoryValidationException(ValidationFailure.TooLarge, $"{path}: a description is at most {MaxDescriptionLength} characters.");
        }

        return new MemoryCategory(checkedName, text.Length == 0 ? checkedName : text);
    }

    private static MemoryValidationException Invalid(string message) => new(ValidationFailure.Invalid, message);
}
