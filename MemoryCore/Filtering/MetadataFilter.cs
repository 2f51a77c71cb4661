using System.Text.Json;

namespace MemoryCore.Filtering;

/// <summary>A parsed metadata filter. Every store must give the same answer for the same filter.</summary>
/// <remarks>
/// Semantics, shared by the in-process evaluator and the SQL translation:
/// <list type="bullet">
/// <item><c>eq</c>: same JSON type and value (numbers compare numerically: 1 equals 1.0). A missing key never matches.</item>
/// <item><c>ne</c>, <c>nin</c>: exactly <c>NOT eq</c> / <c>NOT in</c>, so a missing key matches.</item>
/// <item><c>gt/gte/lt/lte</c>: numbers against numbers, strings against strings (ordinal); other types never match.</item>
/// <item><c>contains</c>: a string value contains the substring (case-sensitive), or an array value has the element.</item>
/// </list>
/// </remarks>
public abstract record MetadataFilter;

public sealed record AndFilter(IReadOnlyList<MetadataFilter> Operands) : MetadataFilter;

public sealed record OrFilter(IReadOnlyList<MetadataFilter> Operands) : MetadataFilter;

public sealed record NotFilter(MetadataFilter Operand) : MetadataFilter;

public sealed record ComparisonFilter(string Key, FilterOperator Operator, JsonElement Value) : MetadataFilter;

/// <summary>Not a metadata condition: the memory is tagged with at least one of <paramref name="AnyOf"/> (exact names).
/// Mem0's <c>{"categories": {"in": [...]}}</c> and <c>{"categories": {"contains": "..."}}</c> both mean this.</summary>
public sealed record CategoryFilter(IReadOnlyList<string> AnyOf) : MetadataFilter;

public enum FilterOperator
{
    Eq,
    Ne,
    In,
    Nin,
    Gt,
    Gte,
    Lt,
    Lte,
    Contains,
}
