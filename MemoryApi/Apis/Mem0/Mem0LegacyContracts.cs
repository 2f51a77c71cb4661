using System.Text.Json.Serialization;

namespace MemoryApi.Apis.Mem0;

/// <summary>An add's answer in 2.x's output_format "v1.1": the results (or the queued answer, for <c>async_mode</c>), and
/// what the add changed in the graph, left out when graph memory is off (as the Platform leaves it out without a graph).</summary>
public sealed record Mem0AddResultsV11<T>(
    IReadOnlyList<T> Results,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AddRelations? Relations);
