using System.Text.Json;
using MemoryCore;
using MemoryCore.Filtering;
using MemoryCore.Model;

namespace MemoryApi.Apis.Mem0;

/// <summary>One engine query a Mem0 filter expands to: an exact scope and the metadata filter applied within it.</summary>
public sealed record Mem0Query(MemoryScope Scope, MetadataFilter? Filter);

/// <summary>
/// Translates Mem0 Platform v2/v3 <c>filters</c> into engine queries. The engine scopes by one (user, agent, run, app)
/// tuple, so an OR (or an <c>in</c>) over ids expands to several queries whose results the caller merges; metadata
/// conditions go to <see cref="MetadataFilterParser"/> with the operators it knows. Anything else is rejected with a
/// 400 naming it, never dropped: a silently ignored condition would return memories the caller excluded.
/// </summary>
internal static class Mem0Filters
{
    /// <summary>Bounds the fan-out of ORs over ids (each branch is one engine query).</summary>
    public const int MaxQueries = 16;

    private static readonly Dictionary<string, int> ScopeFields = new(StringComparer.Ordinal)
    {
        ["user_id"] = 0,
        ["agent_id"] = 1,
        ["run_id"] = 2,
        // Mem0 calls a run a session in some routes.
        ["session_id"] = 2,
        ["app_id"] = 3,
    };

    /// <summary>How many scope ids an alternative holds: user, agent, run, app (the slots of <see cref="ScopeFields"/>).</summary>
    private const int IdSlots = 4;

    // Mem0 fields this service has no data for; filtering on them cannot be honoured.
    private static readonly HashSet<string> UnsupportedFields = new(StringComparer.Ordinal)
    {
        "org_id", "project_id", "created_at", "updated_at", "keywords", "memory_ids", "hash", "expiration_date",
    };

    private sealed record Alternative(string?[] Ids, MetadataFilter? Filter);

    /// <summary>The queries to run; <paramref name="userId"/>, <paramref name="agentId"/>, <paramref name="runId"/>,
    /// <paramref name="appId"/> are top-level ids given beside the filters, <paramref name="metadata"/> the older top-level metadata filter (both ANDed with them).
    /// Every branch's scope is built in the caller's tenant and checked against its key (403 when a branch names a person the
    /// key may not reach, or none for a restricted key).</summary>
    public static IReadOnlyList<Mem0Query> Parse(ScopeAccess access, JsonElement? filters, string? userId = null, string? agentId = null, string? runId = null, JsonElement? metadata = null, string? appId = null)
    {
        // Before any key or id is read: invalid UTF-8, NUL or a lone surrogate in the filters is a 400 naming it, as in
        // POST /search, never an exception from reading the string.
        if (filters is { } all)
        {
            StorableText.Check(all, "filters");
        }

        if (metadata is { } meta)
        {
            StorableText.Check(meta, "metadata");
        }

        var top = new List<Alternative> { new([userId, agentId, runId, appId], MetadataFilterParser.Parse(metadata)) };
        var alternatives = filters is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } f
            ? And(top, Node(f, "filters", 0))
            : top;
        if (alternatives.Count == 0)
        {
            throw Invalid("filters contradict each other (the same id asked to equal two values); nothing can match.");
        }

        var queries = new List<Mem0Query>();
        foreach (var alternative in Collapse(alternatives))
        {
            if (alternative.Ids.All(id => id is null))
            {
                throw new MemoryValidationException(
                    ValidationFailure.MissingScope,
                    "filters must name a user_id, agent_id, run_id (session_id) or app_id in every branch: memories are always read within an owner or an app.");
            }

            queries.Add(new Mem0Query(access.Scope(alternative.Ids[0], alternative.Ids[1], alternative.Ids[2], alternative.Ids[3]), alternative.Filter));
        }

        return queries;
    }

    private static List<Alternative> Node(JsonElement element, string path, int depth)
    {
        if (depth > MetadataFilterParser.MaxDepth)
        {
            throw Invalid($"{path}: filters may nest at most {MetadataFilterParser.MaxDepth} levels.");
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{path} must be a JSON object.");
        }

        var result = new List<Alternative> { new(new string?[IdSlots], null) };
        foreach (var property in element.EnumerateObject())
        {
            result = And(result, Property(property, $"{path}.{property.Name}", depth));
        }

        return result;
    }

    private static List<Alternative> Property(JsonProperty property, string path, int depth)
    {
        var (name, value) = (property.Name, property.Value);
        switch (name)
        {
            case "AND" or "OR" or "and" or "or":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    throw Invalid($"{path} must be an array of filters.");
                }

                var children = value.EnumerateArray().Select((item, i) => Node(item, $"{path}[{i}]", depth + 1)).ToList();
                if (name is "AND" or "and")
                {
                    return children.Aggregate(new List<Alternative> { new(new string?[IdSlots], null) }, And);
                }

                return Collapse(children.SelectMany(c => c).ToList());
            case "NOT" or "not":
                var inner = Collapse(Node(value, path, depth + 1));
                if (inner.Count != 1 || inner[0].Ids.Any(id => id is not null) || inner[0].Filter is null)
                {
                    throw Invalid($"{path}: NOT is supported over metadata conditions only, not over user_id, agent_id, run_id or app_id.");
                }

                return [new Alternative(new string?[IdSlots], new NotFilter(inner[0].Filter!))];
            case "metadata":
                return [new Alternative(new string?[IdSlots], MetadataFilterParser.Parse(value))];
            case "categories":
                return [new Alternative(new string?[IdSlots], Categories(value, path))];
            default:
                if (ScopeFields.TryGetValue(name, out var slot))
                {
                    return ScopeValues(value, path).Select(id =>
                    {
                        var ids = new string?[IdSlots];
                        ids[slot] = id;
                        return new Alternative(ids, null);
                    }).ToList();
                }

                if (UnsupportedFields.Contains(name))
                {
                    throw Invalid($"{path}: filtering on '{name}' is not supported by this service. Supported: user_id, agent_id, run_id (session_id), app_id, categories, metadata and metadata keys, with AND, OR, NOT.");
                }

                // A bare key is a metadata condition, as in the native routes.
                var single = JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement> { [name] = value });
                return [new Alternative(new string?[IdSlots], MetadataFilterParser.Parse(single))];
        }
    }

    /// <summary>Mem0's category conditions: <c>{"in": [...]}</c> (any of them) or <c>{"contains": "name"}</c>; a bare
    /// name or list means the same. Several operators in one object must all hold.</summary>
    private static MetadataFilter Categories(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            // A null would otherwise parse as "no condition" and match everything the caller meant to narrow.
            return CategoryParsing.Filter(value, path) ?? throw Invalid($"{path} must name a category (a name, a list, or {{\"in\": [...]}} / {{\"contains\": \"...\"}}).");
        }

        var conditions = new List<MetadataFilter>();
        foreach (var op in value.EnumerateObject())
        {
            conditions.Add(op.Name switch
            {
                "in" when op.Value.ValueKind == JsonValueKind.Array && op.Value.GetArrayLength() > 0 => CategoryParsing.Filter(op.Value, $"{path}.in")!,
                "contains" or "eq" when op.Value.ValueKind == JsonValueKind.String => CategoryParsing.Filter(op.Value, $"{path}.{op.Name}")!,
                "in" => throw Invalid($"{path}.in needs a non-empty array of category names."),
                "contains" or "eq" => throw Invalid($"{path}.{op.Name} needs a category name."),
                _ => throw Invalid($"{path}: operator '{op.Name}' is not supported on categories. Use in or contains."),
            });
        }

        return conditions.Count switch
        {
            0 => throw Invalid($"{path}: an operator object must name in or contains."),
            1 => conditions[0],
            _ => new AndFilter(conditions),
        };
    }

    /// <summary>Each query also requires one of <paramref name="categories"/> (the v3 routes' top-level <c>categories</c>).</summary>
    public static IReadOnlyList<Mem0Query> WithCategories(IReadOnlyList<Mem0Query> queries, CategoryFilter? categories) =>
        categories is null ? queries : [.. queries.Select(q => q with { Filter = CategoryParsing.And(q.Filter, categories) })];

    private static List<string> ScopeValues(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String when value.GetString() == "*":
                throw Invalid($"{path}: the wildcard '*' is not supported; name the id.");
            case JsonValueKind.String:
                return [value.GetString()!];
            case JsonValueKind.Object:
                var values = new List<string>();
                foreach (var op in value.EnumerateObject())
                {
                    switch (op.Name)
                    {
                        case "eq" when op.Value.ValueKind == JsonValueKind.String:
                            values.Add(op.Value.GetString()!);
                            break;
                        case "in" when op.Value.ValueKind == JsonValueKind.Array && op.Value.GetArrayLength() > 0
                                       && op.Value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String):
                            values.AddRange(op.Value.EnumerateArray().Select(v => v.GetString()!));
                            break;
                        case "eq" or "in":
                            throw Invalid($"{path}.{op.Name} needs {(op.Name == "eq" ? "a string" : "a non-empty array of strings")}.");
                        default:
                            throw Invalid($"{path}: operator '{op.Name}' is not supported on ids. Use a string, eq or in.");
                    }
                }

                return values.Count > 0 ? values : throw Invalid($"{path}: an operator object must name eq or in.");
            default:
                throw Invalid($"{path} must be a string (or {{\"in\": [...]}}).");
        }
    }

    /// <summary>Every combination of one alternative from each side; combinations asking one id for two values match nothing and are dropped.</summary>
    private static List<Alternative> And(List<Alternative> left, List<Alternative> right)
    {
        var result = new List<Alternative>();
        foreach (var a in left)
        {
            foreach (var b in right)
            {
                var ids = new string?[IdSlots];
                var conflict = false;
                for (var i = 0; i < IdSlots; i++)
                {
                    conflict |= a.Ids[i] is not null && b.Ids[i] is not null && a.Ids[i] != b.Ids[i];
                    ids[i] = a.Ids[i] ?? b.Ids[i];
                }

                if (!conflict)
                {
                    result.Add(new Alternative(ids, Both(a.Filter, b.Filter)));
                }
            }
        }

        return result.Count > MaxQueries
            ? throw Invalid($"filters expand to more than {MaxQueries} owner combinations (ORs and 'in' lists over ids multiply); narrow them.")
            : result;
    }

    /// <summary>Alternatives over the same ids become one, their metadata filters ORed (no filter means all match).</summary>
    private static List<Alternative> Collapse(List<Alternative> alternatives) =>
        alternatives
            .GroupBy(a => string.Join('\u0000', a.Ids.Select(id => id is null ? "\u0001" : id)))
            .Select(g =>
            {
                var filters = g.Select(a => a.Filter).ToList();
                return new Alternative(g.First().Ids, filters.Any(f => f is null) ? null : filters.Count == 1 ? filters[0] : new OrFilter(filters!));
            })
            .ToList();

    private static MetadataFilter? Both(MetadataFilter? a, MetadataFilter? b) => (a, b) switch
    {
        (null, _) => b,
        (_, null) => a,
        _ => new AndFilter([a, b]),
    };

    private static MemoryValidationException Invalid(string message) => new(ValidationFailure.Invalid, message);
}
