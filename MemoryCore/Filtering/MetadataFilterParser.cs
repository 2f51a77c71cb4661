using System.Text.Json;

namespace MemoryCore.Filtering;

/// <summary>
/// Parses Mem0-style filters: <c>{"key": value}</c> (eq), <c>{"key": {"gte": 3}}</c>,
/// <c>{"AND": [...]}</c>, <c>{"OR": [...]}</c>, <c>{"NOT": {...}}</c>; several keys in one object are ANDed.
/// </summary>
public static class MetadataFilterParser
{
    public const int MaxDepth = 8;
    public const int MaxConditions = 64;

    private static readonly Dictionary<string, FilterOperator> Operators = new(StringComparer.Ordinal)
    {
        ["eq"] = FilterOperator.Eq,
        ["ne"] = FilterOperator.Ne,
        ["in"] = FilterOperator.In,
        ["nin"] = FilterOperator.Nin,
        ["gt"] = FilterOperator.Gt,
        ["gte"] = FilterOperator.Gte,
        ["lt"] = FilterOperator.Lt,
        ["lte"] = FilterOperator.Lte,
        ["contains"] = FilterOperator.Contains,
    };

    /// <summary>Returns null for an absent or empty filter.</summary>
    public static MetadataFilter? Parse(JsonElement? filters)
    {
        if (filters is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        // Keys and values become SQL parameters and JSON paths: NUL, unpaired surrogates and numbers beyond a double
        // (1e400) are refused here, naming them.
        Model.StorableText.Check(element, "filters");
        var conditions = 0;
        var parsed = ParseObject(element, depth: 0, ref conditions, "filters");
        return parsed is AndFilter { Operands.Count: 0 } ? null : parsed;
    }

    private static MetadataFilter ParseObject(JsonElement element, int depth, ref int conditions, string path)
    {
        if (depth > MaxDepth)
        {
            throw Invalid($"{path}: filters may nest at most {MaxDepth} levels.");
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{path} must be a JSON object.");
        }

        var operands = new List<MetadataFilter>();
        foreach (var property in element.EnumerateObject())
        {
            var childPath = $"{path}.{property.Name}";
            switch (property.Name)
            {
                case "AND" or "OR":
                    if (property.Value.ValueKind != JsonValueKind.Array)
                    {
                        throw Invalid($"{childPath} must be an array of filters.");
                    }

                    var children = new List<MetadataFilter>();
                    var i = 0;
                    foreach (var item in property.Value.EnumerateArray())
                    {
                        children.Add(ParseObject(item, depth + 1, ref conditions, $"{childPath}[{i++}]"));
                    }

                    operands.Add(property.Name == "AND" ? new AndFilter(children) : new OrFilter(children));
                    break;
                case "NOT":
                    operands.Add(new NotFilter(ParseObject(property.Value, depth + 1, ref conditions, childPath)));
                    break;
                default:
                    operands.AddRange(ParseKey(property.Name, property.Value, ref conditions, childPath));
                    break;
            }
        }

        return operands.Count == 1 ? operands[0] : new AndFilter(operands);
    }

    private static List<MetadataFilter> ParseKey(string key, JsonElement value, ref int conditions, string path)
    {
        ValidateKey(key, path);
        var result = new List<MetadataFilter>();
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var op in value.EnumerateObject())
            {
                if (!Operators.TryGetValue(op.Name, out var filterOperator))
                {
                    throw Invalid($"{path}: unknown operator '{op.Name}'. Use one of: {string.Join(", ", Operators.Keys)}.");
                }

                result.Add(Comparison(key, filterOperator, op.Value, $"{path}.{op.Name}", ref conditions));
            }

            if (result.Count == 0)
            {
                throw Invalid($"{path}: an operator object must name at least one operator.");
            }
        }
        else
        {
            result.Add(Comparison(key, FilterOperator.Eq, value, path, ref conditions));
        }

        return result;
    }

    private static ComparisonFilter Comparison(string key, FilterOperator op, JsonElement value, string path, ref int conditions)
    {
        if (++conditions > MaxConditions)
        {
            throw Invalid($"filters may hold at most {MaxConditions} conditions.");
        }

        switch (op)
        {
            case FilterOperator.In or FilterOperator.Nin:
                if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
                {
                    throw Invalid($"{path} needs a non-empty array.");
                }

                if (value.EnumerateArray().Any(v => v.ValueKind is JsonValueKind.Object or JsonValueKind.Array))
                {
                    throw Invalid($"{path} may only list strings, numbers, booleans or null.");
                }

                break;
            case FilterOperator.Gt or FilterOperator.Gte or FilterOperator.Lt or FilterOperator.Lte:
                if (value.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
                {
                    throw Invalid($"{path} needs a number or a string.");
                }

                break;
            case FilterOperator.Contains:
                if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)
                {
                    throw Invalid($"{path} needs a string, number or boolean.");
                }

                break;
            default:
                if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    throw Invalid($"{path}: eq and ne compare with a string, number, boolean or null.");
                }

                break;
        }

        return new ComparisonFilter(key, op, value.Clone());
    }

    private static void ValidateKey(string key, string path)
    {
        if (key.Length is 0 or > 128 || key.Any(char.IsControl))
        {
            throw Invalid($"{path}: metadata keys must be 1 to 128 characters without control characters.");
        }
    }

    private static MemoryValidationException Invalid(string message) => new(ValidationFailure.Invalid, message);
}
