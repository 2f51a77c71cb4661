using System.Text.Json;

namespace DistillationWorker.Checkpoint;

/// <summary>
/// Reads and writes state.json in the data folder. Writes are atomic (temp file in the same folder, flushed to
/// disk, then renamed over the old file), so a crash leaves either the old or the new checkpoint, never half of one.
/// </summary>
public sealed class DistillationStateStore(string dataDir)
{
    public const string FileName = "state.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public string FilePath { get; } = Path.Combine(Path.GetFullPath(dataDir), FileName);

    /// <summary>The saved state, or <see cref="DistillationState.Initial"/> when none was saved yet. A corrupt file
    /// throws rather than silently restarting from zero.</summary>
    public async Task<DistillationState> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            return DistillationState.Initial;
        }

        await using var stream = File.OpenRead(FilePath);
        try
        {
            var state = await JsonSerializer.DeserializeAsync<DistillationState>(stream, Json, cancellationToken).ConfigureAwait(false);
            return state is { Watermark: >= 0 } ? state : throw new InvalidDataException($"{FilePath} holds no valid watermark.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{FilePath} is not a valid distillation state file; fix or delete it (deleting re-reads the lookback window, which is safe).", ex);
        }
    }

    public async Task SaveAsync(DistillationState state, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(FilePath)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $"{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await JsonSerializer.SerializeAsync(stream, state, Json, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, FilePath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
