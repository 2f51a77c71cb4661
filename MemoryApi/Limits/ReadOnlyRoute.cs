namespace MemoryApi.Limits;

/// <summary>Endpoint metadata: a POST that only reads (search, Mem0's list), counted against the read limit.</summary>
public sealed class ReadOnlyRoute
{
    public static readonly ReadOnlyRoute Instance = new();

    private ReadOnlyRoute()
    {
    }
}

public static class ReadOnlyRouteExtensions
{
    public static RouteHandlerBuilder ReadsOnly(this RouteHandlerBuilder builder) => builder.WithMetadata(ReadOnlyRoute.Instance);
}
