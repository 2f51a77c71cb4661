using System.Text.Json;
using MemoryCore.Filtering;
using MemoryCore.Model;

namespace MemoryCore.Engine;

/// <summary>An add. <paramref name="CustomInstructions"/> and <paramref name="CustomCategories"/> are this add's own
/// (Mem0's per-call <c>custom_instructions</c> / <c>custom_categories</c>); null takes the tenant's settings, then the
/// defaults (<see cref="Categories.ExtractionGuidance.Resolve"/>).</summary>
public sealed record AddMemoryRequest(
    IReadOnlyList<ChatTurn> Messages,
    MemoryScope Scope,
    IReadOnlyDictionary<string, JsonElement>? Metadata = null,
    bool Infer = true,
    bool RecordTurns = true,
    string? CustomInstructions = null,
    Categories.CategorySet? CustomCategories = null);

/// <summary>One applied decision. NONE decisions are not reported.</summary>
public sealed record MemoryEventResult(Guid Id, string Memory, MemoryEvent Event, string? PreviousMemory);

/// <summary>A search. <paramref name="Mode"/> null means the configured default (Retrieval:DefaultMode);
/// <paramref name="Explain"/> adds each signal's score and rank to every result; <paramref name="WithRelations"/> asks for
/// the graph relations around the query too (when graph memory is on).</summary>
public sealed record SearchMemoryRequest(
    string Query,
    MemoryScope Scope,
    MetadataFilter? Filter = null,
    int Limit = 10,
    double? Threshold = null,
    Retrieval.SearchMode? Mode = null,
    bool Explain = false,
    bool WithRelations = true);

public sealed record UpdateMemoryRequest(Guid Id, string? Text, IReadOnlyDictionary<string, JsonElement>? Metadata);
