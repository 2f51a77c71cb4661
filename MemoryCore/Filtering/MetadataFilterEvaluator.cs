using System.Text.Json;

namespace MemoryCore.Filtering;

/// <summary>Evaluates a <see cref="MetadataFilter"/> in process (the SQLite store filters this way).</summary>
public static class MetadataFilterEvaluator
{
    public static bool Matches(MetadataFilter? filter, Model.MemoryRecord record) => Matches(filter, record.Metadata, record.Categories);

    /// <param name="categories">The memory's categories, for <see cref="CategoryFilter"/>s (none when not given).</param>
    public static bool Matches(MetadataFilter? filter, IReadOnlyDictionary<string, JsonElement> metadata, IReadOnlyList<string>? categories = null) => filter switch
    {
        null => true,
        AndFilter and => and.Operands.All(o => Matches(o, metadata, categories)),
        OrFilter or => or.Operands.Any(o => Matches(o, metadata, categories)),
        NotFilter not => !Matches(not.Operand, metadata, categories),
        CategoryFilter c => categories is not null && c.AnyOf.Any(name => categories.Contains(name, StringComparer.Ordinal)),
        ComparisonFilter c => Compare(c, metadata.TryGetValue(c.Key, out var v) ? v : (JsonElement?)null),
        _ => throw new NotSupportedException(filter.GetType().Name),
    };

    private static bool Compare(ComparisonFilter c, JsonElement? stored) => c.Operator switch
    {
        FilterOperator.Eq => stored is { } s && JsonValueEquals(s, c.Value),
        FilterOperator.Ne => !(stored is { } s && JsonValueEquals(s, c.Value)),
        FilterOperator.In => stored is { } s && c.Value.EnumerateArray().Any(v => JsonValueEquals(s, v)),
        FilterOperator.Nin => !(stored is { } s && c.Value.EnumerateArray().Any(v => JsonValueEquals(s, v))),
        FilterOperator.Gt => Order(stored, c.Value) is > 0,
        FilterOperator.Gte => Order(stored, c.Value) is >= 0,
        FilterOperator.Lt => Order(stored, c.Value) is < 0,
        FilterOperator.Lte => Order(stored, c.Value) is <= 0,
        FilterOperator.Contains => Contains(stored, c.Value),
        _ => false,
    };

    /// <summary>JSON equality as PostgreSQL's jsonb defines it for scalars: same type, numbers by value.</summary>
    public static bool JsonValueEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind is JsonValueKind.True or JsonValueKind.False && b.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return a.ValueKind == b.ValueKind;
        }

        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        return a.ValueKind switch
        {
            JsonValueKind.Null => true,
            JsonValueKind.String => a.GetString() == b.GetString(),
            JsonValueKind.Number => CompareNumbers(a, b) == 0,
            _ => false,
        };
    }

    private static int? Order(JsonElement? stored, JsonElement value)
    {
        if (stored is not { } s || s.ValueKind != value.ValueKind)
        {
            return null;
        }

        return s.ValueKind switch
        {
            JsonValueKind.Number => CompareNumbers(s, value),
            JsonValueKind.String => string.CompareOrdinal(s.GetString(), value.GetString()),
            _ => null,
        };
    }

    private static bool Contains(JsonElement? stored, JsonElement value) => stored switch
    {
        { ValueKind: JsonValueKind.String } s when value.ValueKind == JsonValueKind.String =>
            s.GetString()!.Contains(value.GetString()!, StringComparison.Ordinal),
        { ValueKind: JsonValueKind.Array } s => s.EnumerateArray().Any(item => JsonValueEquals(item, value)),
        _ => false,
    };

    // Exact decimal comparison where both fit (as PostgreSQL's numeric does), doubles otherwise.
    private static int CompareNumbers(JsonElement a, JsonElement b) =>
        a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y) ? x.CompareTo(y) : a.GetDouble().CompareTo(b.GetDouble());
}
