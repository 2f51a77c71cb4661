using System.Collections.Concurrent;

namespace MemoryApi.Apis.Mem0;

/// <summary>
/// Logs a request to a route this service does not serve as a warning, once per (method, path, key): a client calling
/// a Platform route we lack must leave a line in the log (a LangChain chain swallows the error and carries on with an
/// empty memory), without a misbehaving client filling the log. The key is named by its id, never its secret; the
/// query string (which may carry user ids) is not logged. Memory is bounded: past <see cref="Capacity"/> remembered
/// pairs the set starts over, so a pair may be logged again then, but never more than once per cycle.
/// </summary>
public sealed partial class Mem0UnknownRouteLog(ILogger<Mem0UnknownRouteLog> logger)
{
    public const int Capacity = 10_000;
    private const int MaxLoggedPathLength = 200;

    private readonly ConcurrentDictionary<(string Method, string Path, string KeyId), byte> seen = new();

    /// <summary>True when this call logged (the pair was not yet seen in this cycle).</summary>
    public bool Warn(string method, string path, string keyId, int status, Mem0Route? closest)
    {
        var clipped = path.Length > MaxLoggedPathLength ? path[..MaxLoggedPathLength] + "…" : path;
        if (seen.Count >= Capacity)
        {
            seen.Clear();
        }

        if (!seen.TryAdd((method, clipped, keyId), 0))
        {
            return false;
        }

        LogUnknownRoute(logger, status, method, clipped, keyId, closest?.ToString() ?? "(none)");
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unsupported Mem0 route: {Status} for {Method} {Path} from key {KeyId}; the closest supported route is {Closest}")]
    private static partial void LogUnknownRoute(ILogger logger, int status, string method, string path, string keyId, string closest);
}
