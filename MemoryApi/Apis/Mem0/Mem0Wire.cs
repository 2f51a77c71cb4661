using System.Globalization;
using MemoryCore;

namespace MemoryApi.Apis.Mem0;

/// <summary>Shared checks and paging of the Mem0 routes.</summary>
internal static class Mem0Wire
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1_000;

    /// <summary>Rejects an option the Platform honours and this service cannot, naming it: ignoring it would change results unseen.</summary>
    public static void Unsupported(string name, bool present, string why)
    {
        if (present)
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, $"'{name}' is not supported by this service: {why}");
        }
    }

    /// <summary>session_id is Mem0's other name for run_id; both may be given only if they agree.</summary>
    public static string? RunId(string? runId, string? sessionId) =>
        runId is not null && sessionId is not null && runId != sessionId
            ? throw new MemoryValidationException(ValidationFailure.Invalid, "run_id and session_id name the same thing and disagree.")
            : runId ?? sessionId;

    /// <summary>Django-REST-style page-number paging, as the Platform answers: count, next and previous as absolute URLs.</summary>
    public static Mem0Page<T> Page<T>(IReadOnlyList<T> all, int? page, int? pageSize, HttpRequest request)
    {
        var (number, size) = PageRequest(page, pageSize);
        var items = all.Skip(Offset(number, size)).Take(size).ToList();
        return PageOf(items, all.Count, number, size, request);
    }

    /// <summary>The validated page number and size (defaults: 1 and <see cref="DefaultPageSize"/>).</summary>
    public static (int Number, int Size) PageRequest(int? page, int? pageSize)
    {
        var size = pageSize ?? DefaultPageSize;
        var number = page ?? 1;
        if (size is < 1 or > MaxPageSize)
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, $"page_size must be between 1 and {MaxPageSize}.");
        }

        if (number < 1)
        {
            throw new MemoryValidationException(ValidationFailure.Invalid, "page must be 1 or more.");
        }

        return (number, size);
    }

    public static int Offset(int number, int size) => (int)Math.Min((long)(number - 1) * size, int.MaxValue);

    /// <summary>A page already cut (by the store), with <paramref name="total"/> matches in all.</summary>
    public static Mem0Page<T> PageOf<T>(IReadOnlyList<T> items, long total, int number, int size, HttpRequest request)
    {
        var next = (long)number * size < total ? Link(request, number + 1, size) : null;
        var previous = number > 1 ? Link(request, number - 1, size) : null;
        return new Mem0Page<T>((int)Math.Min(total, int.MaxValue), next, previous, items);
    }

    // The request's other query parameters are kept: GET /v1/memories/ carries its filters (user_id, ...) there.
    private static string Link(HttpRequest request, int page, int size)
    {
        var query = request.Query
            .Where(p => p.Key is not ("page" or "page_size"))
            .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? string.Empty)}"))
            .Append(string.Create(CultureInfo.InvariantCulture, $"page={page}&page_size={size}"));
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }
}
