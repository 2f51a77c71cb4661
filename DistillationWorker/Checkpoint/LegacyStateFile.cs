using System.Text.Json;

namespace DistillationWorker.Checkpoint;

/// <summary>
/// The state.json that workers before the database checkpoint kept in Distillation:DataDir. Only read, once: when
/// MemoryApi has no checkpoint yet, its watermark seeds it, so an upgraded worker does not re-read every window.
/// A corrupt file throws rather than silently restarting from zero.
/// </summary>
public sealed class LegacyStateFile(string dataDir)
{
    public const string FileName = "state.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string FilePath { get; } = Path.Combine(Path.GetFullPath(dataDir), FileName);

    /// <summary>The saved watermark, or null when there is no file.</summary>
    public async Task<long?> TryReadWatermarkAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }

        await using var stream = File.OpenRead(FilePath);
        try
        {
            var state = await JsonSerializer.DeserializeAsync<SavedState>(stream, Json, cancellationToken).ConfigureAwait(false);
            return state is { Watermark: >= 0 } ? state.Watermark : throw new InvalidDataException($"{FilePath} holds no valid watermark.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{FilePath} is not a valid distillation state file; fix or delete it (deleting re-reads the lookback window, which is safe).", ex);
        }
    }

    private sealed record SavedState(long Watermark);
}
