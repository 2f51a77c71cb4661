using System.Text.Json;
using System.Text.Json.Serialization;
using MemoryCore.Engine;
using MemoryCore.Graph;
using MemoryCore.Graph.Engine;
using MemoryCore.Model;

namespace MemoryCore.Events;

/// <summary>The outcome of an applied add as a SUCCEEDED event keeps it: the same results (and relations) the
/// synchronous add returns, so the routes can answer the event in each API's own shape.</summary>
public static class AddEventResults
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper) },
    };

    public static string Serialize(IReadOnlyList<MemoryEventResult> results, GraphChangeSummary? relations) =>
        JsonSerializer.Serialize(new Stored(results.Select(r => new Item(r.Id, r.Memory, r.Event, r.PreviousMemory)).ToList(), relations is null ? null : new Relations(relations.Added, relations.Deleted)), Options);

    public static (IReadOnlyList<MemoryEventResult> Results, GraphChangeSummary? Relations) Deserialize(string json)
    {
        var stored = JsonSerializer.Deserialize<Stored>(json, Options) ?? throw new InvalidOperationException("An event's results are empty.");
        var results = stored.Results.ConvertAll(i => new MemoryEventResult(i.Id, i.Memory, i.Event, i.PreviousMemory));
        return (results, stored.Relations is { } r ? new GraphChangeSummary(r.Added, r.Deleted) : null);
    }

    private sealed record Item(Guid Id, string Memory, MemoryEvent Event, string? PreviousMemory);

    private sealed record Relations(IReadOnlyList<GraphTriple> Added, IReadOnlyList<GraphTriple> Deleted);

    private sealed record Stored(List<Item> Results, Relations? Relations);
}
