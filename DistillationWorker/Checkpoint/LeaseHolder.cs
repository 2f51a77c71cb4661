namespace DistillationWorker.Checkpoint;

/// <summary>
/// Holder ids: "&lt;instance&gt;/&lt;pass&gt;". Every pass is a holder of its own, so two passes of one process (the
/// schedule and the trigger) exclude each other through MemoryApi exactly as two machines do; the instance part says
/// which worker it is in logs and in the busy answer.
/// </summary>
public static class LeaseHolder
{
    private const int MaxInstanceLength = 100;

    /// <summary>A fresh holder id for one pass.</summary>
    public static string ForPass(string? instanceId) => $"{Instance(instanceId)}/{Guid.NewGuid().ToString("N")[..12]}";

    /// <summary>The configured Distillation:InstanceId, else "&lt;machine&gt;-&lt;pid&gt;"; characters MemoryApi does not
    /// accept in a holder become '-'.</summary>
    public static string Instance(string? instanceId)
    {
        var raw = string.IsNullOrWhiteSpace(instanceId) ? $"{Environment.MachineName}-{Environment.ProcessId}" : instanceId.Trim();
        var clean = new string(raw.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '@' ? c : '-').ToArray());
        clean = clean.Length > MaxInstanceLength ? clean[..MaxInstanceLength] : clean;
        return char.IsAsciiLetterOrDigit(clean[0]) ? clean : "w" + clean;
    }
}
