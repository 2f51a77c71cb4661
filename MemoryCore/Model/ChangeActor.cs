namespace MemoryCore.Model;

/// <summary>
/// Who made a change: the stable, non-secret id of the API key that authorised it, and the W3C trace id of the
/// request (32 lower-case hex digits). History rows record both, so an audit can name the key and find the trace.
/// Both are null for changes nobody authenticated (an open local server, a test, a maintenance task).
/// </summary>
public sealed record ChangeActor(string? KeyId, string? TraceId)
{
    public static readonly ChangeActor Unknown = new(null, null);
}
