using System.Text.Json;
using MemoryCore.Filtering;
using Npgsql;
using NpgsqlTypes;

namespace MemoryCore.Storage.Postgres;

/// <summary>
/// Translates a <see cref="MetadataFilter"/> into a boolean SQL expression over <c>m.metadata</c>,
/// with the exact semantics of <see cref="MetadataFilterEvaluator"/>. Keys and values are parameters;
/// every predicate is wrapped so it is never NULL, which keeps NOT and OR two-valued.
/// </summary>
internal sealed class PostgresFilterSql(NpgsqlParameterCollection parameters)
{
    private int _next;

    public static string Translate(MetadataFilter? filter, NpgsqlCommand command) => Translate(filter, command.Parameters);

    public static string Translate(MetadataFilter? filter, NpgsqlParameterCollection parameters) =>
        filter is null ? "TRUE" : new PostgresFilterSql(parameters).Visit(filter);

    private string Visit(MetadataFilter filter) => filter switch
    {
        AndFilter and => and.Operands.Count == 0 ? "TRUE" : "(" + string.Join(" AND ", and.Operands.Select(Visit)) + ")",
        OrFilter or => or.Operands.Count == 0 ? "FALSE" : "(" + string.Join(" OR ", or.Operands.Select(Visit)) + ")",
        NotFilter not => $"(NOT {Visit(not.Operand)})",
        ComparisonFilter c => Comparison(c),
        CategoryFilter c => $"(m.categories && {Parameter(c.AnyOf.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)})",
        _ => throw new NotSupportedException(filter.GetType().Name),
    };

    private string Comparison(ComparisonFilter c)
    {
        var key = Parameter(c.Key, NpgsqlDbType.Text);
        var field = $"(m.metadata -> {key})";
        return c.Operator switch
        {
            FilterOperator.Eq => Equal(field, c.Value),
            FilterOperator.Ne => $"(NOT {Equal(field, c.Value)})",
            FilterOperator.In => In(field, c.Value),
            FilterOperator.Nin => $"(NOT {In(field, c.Value)})",
            FilterOperator.Gt => Order(field, key, ">", c.Value),
            FilterOperator.Gte => Order(field, key, ">=", c.Value),
            FilterOperator.Lt => Order(field, key, "<", c.Value),
            FilterOperator.Lte => Order(field, key, "<=", c.Value),
            FilterOperator.Contains => Contains(field, key, c.Value),
            _ => throw new NotSupportedException(c.Operator.ToString()),
        };
    }

    // jsonb equality is type-strict and compares numbers by value, as the evaluator does.
    private string Equal(string field, JsonElement value) =>
        $"COALESCE({field} = {Parameter(value.GetRawText(), NpgsqlDbType.Jsonb)}, FALSE)";

    private string In(string field, JsonElement values) =>
        $"COALESCE({field} = ANY({Parameter(values.EnumerateArray().Select(v => v.GetRawText()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Jsonb)}), FALSE)";

    private string Order(string field, string key, string op, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = Parameter(value.GetString()!, NpgsqlDbType.Text);
            return $"COALESCE(CASE WHEN jsonb_typeof({field}) = 'string' THEN (m.metadata ->> {key}) COLLATE \"C\" {op} {text} COLLATE \"C\" ELSE FALSE END, FALSE)";
        }

        var number = value.TryGetDecimal(out var d)
            ? $"{Parameter(d, NpgsqlDbType.Numeric)}"
            : $"{Parameter(value.GetDouble(), NpgsqlDbType.Double)}::numeric";
        return $"COALESCE(CASE WHEN jsonb_typeof({field}) = 'number' THEN (m.metadata ->> {key})::numeric {op} {number} ELSE FALSE END, FALSE)";
    }

    private string Contains(string field, string key, JsonElement value)
    {
        var element = Parameter(value.GetRawText(), NpgsqlDbType.Jsonb);
        var inArray = $"WHEN 'array' THEN {field} @> jsonb_build_array({element})";
        var inString = value.ValueKind == JsonValueKind.String
            ? $"WHEN 'string' THEN strpos(m.metadata ->> {key}, {Parameter(value.GetString()!, NpgsqlDbType.Text)}) > 0"
            : string.Empty;
        return $"COALESCE(CASE jsonb_typeof({field}) {inString} {inArray} ELSE FALSE END, FALSE)";
    }

    private string Parameter(object value, NpgsqlDbType type)
    {
        var name = $"f{_next++}";
        parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        return "@" + name;
    }
}
