using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace MemoryApi.Apis.Mem0;

/// <summary>One supported Mem0 route: its method and pattern, as the clients spell it (with the trailing slash).</summary>
public sealed record Mem0Route(string Method, string Pattern)
{
    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>
/// The versioned (/v1/, /v2/, /v3/) routes this service serves, read once from the app's own endpoints (so it can never
/// drift from what is mapped), to tell a caller who missed which route was meant and whether only the method was wrong.
/// </summary>
public sealed class Mem0RouteCatalog
{
    private const int MaxComparedLength = 200;

    private readonly Lazy<IReadOnlyList<(Mem0Route Route, TemplateMatcher Matcher)>> routes;

    public Mem0RouteCatalog(EndpointDataSource endpoints) =>
        routes = new Lazy<IReadOnlyList<(Mem0Route, TemplateMatcher)>>(() => Read(endpoints));

    public IEnumerable<Mem0Route> All => routes.Value.Select(r => r.Route);

    /// <summary>The routes whose pattern matches the path, whatever their method (empty when no route has this path).</summary>
    public IReadOnlyList<Mem0Route> Matching(PathString path)
    {
        var trimmed = Trim(path);
        return routes.Value.Where(r => r.Matcher.TryMatch(trimmed, [])).Select(r => r.Route).ToList();
    }

    /// <summary>The supported route nearest the request: same method preferred, then the smallest edit distance between
    /// the path and the route's pattern (a memory id in the path is compared as the pattern's placeholder).</summary>
    public Mem0Route? Closest(string method, PathString path)
    {
        // Clipped: the distance costs path × pattern length per route, and a path may be kilobytes long.
        var value = Trim(path).Value ?? string.Empty;
        var text = Normalise(value.Length > MaxComparedLength ? value[..MaxComparedLength] : value);
        return routes.Value
            .Select(r => r.Route)
            .OrderBy(r => EditDistance(text, Normalise(r.Pattern)) + (string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) ? 0 : 2))
            .ThenBy(r => r.Pattern, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    public static bool IsVersioned(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/v2", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/v3", StringComparison.OrdinalIgnoreCase);

    private static List<(Mem0Route, TemplateMatcher)> Read(EndpointDataSource endpoints)
    {
        var found = new List<(Mem0Route, TemplateMatcher)>();
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern;
            var raw = "/" + (pattern.RawText ?? string.Empty).TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if (!IsVersioned(raw) || methods is null || methods.Count == 0 || pattern.Parameters.Any(p => p.IsCatchAll))
            {
                continue;
            }

            var matcher = new TemplateMatcher(TemplateParser.Parse(raw.TrimStart('/')), []);
            foreach (var method in methods)
            {
                found.Add((new Mem0Route(method, raw.TrimEnd('/') + "/"), matcher));
            }
        }

        return found;
    }

    // Routing treats the trailing slash the clients send as optional; so does this.
    private static PathString Trim(PathString path) =>
        path.Value is { Length: > 1 } value && value.EndsWith('/') ? new PathString(value.TrimEnd('/')) : path;

    // A UUID or a {placeholder} compares as one token, so "/v1/memories/<uuid>/x" is near "/v1/memories/{memoryId}/history".
    private static string Normalise(string path) =>
        System.Text.RegularExpressions.Regex.Replace(
            path.Trim('/').ToLowerInvariant(), @"\{[^}]*\}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "*");

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
