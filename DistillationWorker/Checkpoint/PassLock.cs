namespace DistillationWorker.Checkpoint;

/// <summary>
/// "Only one pass at a time" as an exclusive lock on a file in the data folder (FileShare.None; on Linux and macOS
/// .NET takes a non-blocking flock). It excludes passes in this process and in other processes on the same machine
/// that share the folder. It is NOT a distributed lock: several machines need a shared lock (for example a
/// PostgreSQL advisory lock) or a single scheduled instance.
/// </summary>
public sealed class PassLock : IDisposable
{
    public const string FileName = "distillation.lock";

    // .NET on Unix reports flock's errno as the HResult; on Windows it is an HRESULT built from a Win32 error code.
    private const int EWouldBlockLinux = 11;
    private const int EWouldBlockBsd = 35;
    private const int SharingViolationWindows = 32;
    private const int LockViolationWindows = 33;

    private readonly FileStream _handle;

    private PassLock(FileStream handle) => _handle = handle;

    /// <summary>Takes the lock at once, or returns null when another pass holds it. Never waits. Other I/O errors throw.</summary>
    public static PassLock? TryAcquire(string dataDir)
    {
        var folder = Path.GetFullPath(dataDir);
        Directory.CreateDirectory(folder);
        try
        {
            // The file is left in place on release: deleting it would let a late opener lock a different inode.
            return new PassLock(new FileStream(Path.Combine(folder, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex) when (IsLockConflict(ex))
        {
            return null;
        }
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>Only "someone else holds it" means busy; a full or read-only disk must surface as a failure, not as busy.</summary>
    private static bool IsLockConflict(IOException ex) =>
        ex.GetType() == typeof(IOException)
        && (ex.HResult & 0xFFFF) is EWouldBlockLinux or EWouldBlockBsd or SharingViolationWindows or LockViolationWindows;
}
