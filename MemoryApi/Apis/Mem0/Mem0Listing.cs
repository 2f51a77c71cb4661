using MemoryCore;
using MemoryCore.Engine;
using MemoryCore.Model;

namespace MemoryApi.Apis.Mem0;

/// <summary>
/// The one translation of a Mem0 list request (v3's POST /v3/memories/, 2.x's POST /v2/memories/ and GET /v1/memories/)
/// into engine listings, and their run: every memory the filters match, newest first, as the Platform lists. The routes
/// differ only in where the request comes from (body or query string) and in the answer's shape.
/// </summary>
internal static class Mem0Listing
{
    /// <summary>Listing loads every match to count and page it; beyond this, the native cursor route is the way.</summary>
    public const int MaxListed = 10_000;

    public static async Task<IReadOnlyList<Mem0Memory>> RunAsync(Mem0ListBody body, MemoryApiServices services, int batch, CancellationToken cancellationToken)
    {
        Mem0Wire.Unsupported("start_date", body.StartDate is not null, "filtering by date is not available.");
        Mem0Wire.Unsupported("end_date", body.EndDate is not null, "filtering by date is not available.");
        Mem0OutputFormats.Parse(body.OutputFormat);
        var queries = Mem0Filters.WithCategories(
            Mem0Filters.Parse(services.Access, body.Filters, body.UserId, body.AgentId, Mem0Wire.RunId(body.RunId, body.SessionId), appId: body.AppId),
            CategoryParsing.Filter(body.Categories));
        var all = new Dictionary<Guid, MemoryRecord>();
        foreach (var query in queries)
        {
            PageCursor? cursor = null;
            do
            {
                var chunk = await services.Memory.ListAsync(query.Scope, query.Filter, batch, cursor, cancellationToken);
                foreach (var memory in chunk.Items)
                {
                    all.TryAdd(memory.Id, memory);
                }

                if (all.Count > MaxListed)
                {
                    throw new MemoryValidationException(
                        ValidationFailure.TooLarge,
                        $"More than {MaxListed} memories match; narrow the filters or page with the native GET /memories (cursor paging).");
                }

                cursor = chunk.Next;
            }
            while (cursor is not null);
        }

        return all.Values.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Select(m => Mem0Memory.From(m)).ToList();
    }
}
