using System.Text.Json;
using MemoryCore;
using MemoryCore.Categories;
using MemoryCore.Filtering;

namespace MemoryApi.Apis;

/// <summary>The wire forms of categories, shared by the native and the Mem0 routes: a category set to tag with, and
/// category names to filter on.</summary>
internal static class CategoryParsing
{
    /// <summary>At most this many names in one category filter.</summary>
    public const int MaxFilterNames = CategorySet.MaxCategories;

    /// <summary>A set given on an add (<c>custom_categories</c>); null when absent or JSON null.</summary>
    public static CategorySet? Set(JsonElement? element, string field = "custom_categories") =>
        element is null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } ? null : CategorySet.Parse(element.Value, field);

    /// <summary>Names to filter on: a JSON string or a list of strings; null when absent.</summary>
    public static CategoryFilter? Filter(JsonElement? element, string field = "categories")
    {
        switch (element)
        {
            case null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }:
                return null;
            case { ValueKind: JsonValueKind.String } one:
                return Filter([one.GetString()], field);
            case { ValueKind: JsonValueKind.Array } list when list.GetArrayLength() > 0 && list.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String):
                return Filter([.. list.EnumerateArray().Select(v => v.GetString())], field);
            default:
                throw new MemoryValidationException(ValidationFailure.Invalid, $"{field} must be a category name or a non-empty list of them.");
        }
    }

    /// <summary>Names from a query string (<c>?categories=a&amp;categories=b</c> or <c>?categories=a,b</c>); null when none.</summary>
    public static CategoryFilter? Filter(IReadOnlyList<string?>? names, string field = "categories")
    {
        if (names is null || names.Count == 0)
        {
            return null;
        }

        var split = names.SelectMany(n => (n ?? string.Empty).Split(',')).ToList();
        if (split.Count > MaxFilterNames)
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, $"{field} may name at most {MaxFilterNames} categories.");
        }

        foreach (var name in split)
        {
            MemoryCore.Model.StorableText.Check(name, field);
        }

        return new CategoryFilter([.. split.Select(n => CategorySet.CheckName(n, field)).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>Both conditions (either may be absent).</summary>
    public static MetadataFilter? And(MetadataFilter? filter, CategoryFilter? categories) =>
        (filter, categories) switch
        {
            (_, null) => filter,
            (null, _) => categories,
            _ => new AndFilter([filter, categories]),
        };
}
