using MemoryApi.Auth;
using MemoryApi.Limits;

namespace MemoryApi.Apis.Mem0;

/// <summary>
/// No silent failure: a request under /v1/, /v2/ or /v3/ that no route serves answers an RFC 7807 problem naming the
/// closest supported route (by spelling, the request's method preferred): 405 (with <c>Allow</c>) when the path is
/// served with other methods, 404 otherwise. Each is
/// logged once per route and key (<see cref="Mem0UnknownRouteLog"/>). Only an authenticated caller learns the route list;
/// others get the usual 401 first.
/// </summary>
public static class Mem0UnknownRoutesApi
{
    public static IEndpointRouteBuilder MapMem0UnknownRoutes(this IEndpointRouteBuilder app)
    {
        // Built here, not registered: only these endpoints use them. The catalog reads the app's endpoints on first use,
        // once every route is mapped.
        var catalog = new Mem0RouteCatalog(app.ServiceProvider.GetRequiredService<EndpointDataSource>());
        var log = new Mem0UnknownRouteLog(app.ServiceProvider.GetRequiredService<ILogger<Mem0UnknownRouteLog>>());

        // A fallback endpoint has the lowest precedence, so every mapped route (any method) still wins; it also takes the
        // wrong-method requests routing would otherwise answer with a bare 405.
        foreach (var version in new[] { "v1", "v2", "v3" })
        {
            app.MapFallback($"/{version}/{{**rest}}", (HttpContext http) => Answer(http, catalog, log))
                .RequireAuthorization(ApiKeyDefaults.MemoryPolicy)
                .WithMetadata(ReadOnlyRoute.Instance)
                .ExcludeFromDescription();
        }

        return app;
    }

    public static IResult Answer(HttpContext http, Mem0RouteCatalog catalog, Mem0UnknownRouteLog log)
    {
        var method = http.Request.Method;
        var path = http.Request.Path;
        var matching = catalog.Matching(path);
        var allowed = matching.Select(r => r.Method).Distinct().ToList();
        if (allowed.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            // The route exists with this method, so routing passed it over for its body's media type (a JSON route
            // sent form data, XML or no Content-Type): the 415 routing would answer without this fallback.
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"{method} {matching[0].Pattern} takes a JSON body: send Content-Type: application/json.");
        }

        // Nearest by spelling, the request's method preferred: for POST /v1/memories/serch/ (which the {memoryId} routes
        // match, so a 405) that is POST /v1/memories/search/, more useful than the routes the path happens to match.
        var closest = catalog.Closest(method, path);
        var status = allowed.Count > 0 ? StatusCodes.Status405MethodNotAllowed : StatusCodes.Status404NotFound;
        log.Warn(method, path.Value ?? "/", Actor.KeyId(http), status, closest);
        if (status == StatusCodes.Status405MethodNotAllowed)
        {
            http.Response.Headers.Allow = string.Join(", ", allowed);
        }

        var detail = status == StatusCodes.Status405MethodNotAllowed
            ? $"{method} is not supported on {matching[0].Pattern}; it accepts {string.Join(", ", allowed)}."
            : $"{method} {Clip(path.Value)} is not a route of this service.";
        if (closest is not null)
        {
            detail += $" The closest supported route is {closest}.";
        }

        return TypedResults.Problem(
            statusCode: status,
            title: status == StatusCodes.Status405MethodNotAllowed ? "Method not allowed" : "No such route",
            detail: detail,
            extensions: new Dictionary<string, object?> { ["closest_route"] = closest?.ToString() });
    }

    private static string Clip(string? path) => path is null ? "/" : path.Length > 200 ? path[..200] + "…" : path;
}
