using DistillationWorker.Client;

namespace DistillationWorker.Distillers;

/// <summary>
/// Everything a distiller sees about one person: their turns (any agent) within the lookback window, oldest first,
/// and the pattern texts already stored for them (so a distiller can repeat a still-valid text exactly and let
/// MemoryApi's duplicate check skip it).
/// </summary>
public sealed record PersonHistory(
    string UserId,
    IReadOnlyList<RecordedTurn> Turns,
    IReadOnlyList<string> KnownPatterns,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd);
