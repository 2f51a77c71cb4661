using MemoryCore;
using MemoryCore.Engine;
using MemoryCore.Model;
using MemoryCore.Retrieval;

namespace MemoryApi.Apis.Mem0;

/// <summary>
/// The one translation of a Mem0 search body (v3's POST /v3/memories/search/, 2.x's POST /v1/memories/search/ and
/// POST /v2/memories/search/) into engine searches, and their run. Top-level ids and v2/v3 <c>filters</c> are read by
/// <see cref="Mem0Filters"/>; <c>top_k</c> (or 2.x's <c>limit</c>) bounds the answer, <c>threshold</c> the score.
/// </summary>
internal static class Mem0Search
{
    public const int DefaultTopK = 10;

    public static async Task<IReadOnlyList<Mem0Memory>> RunAsync(Mem0SearchBody body, MemoryApiServices services, CancellationToken cancellationToken)
    {
        Mem0Wire.Unsupported("only_metadata_based_search", body.OnlyMetadataBasedSearch == true, "search always ranks by meaning; list with filters instead.");
        var queries = Mem0Filters.WithCategories(
            Mem0Filters.Parse(services.Access, body.Filters, body.UserId, body.AgentId, Mem0Wire.RunId(body.RunId, body.SessionId), body.Metadata, body.AppId),
            CategoryParsing.Filter(body.Categories));
        var topK = body.TopK ?? body.Limit ?? DefaultTopK;
        // keyword_search asks the Platform to add keyword matches to the semantic ones: the engine's hybrid mode does that.
        SearchMode? mode = body.KeywordSearch == true ? SearchMode.Hybrid : null;
        var query = body.Query ?? string.Empty;
        IReadOnlyList<ScoredMemory> results;
        if (queries.Count == 1)
        {
            // One query: the engine's ranking as is. The Platform's search response has no relations, so none are read.
            results = await services.Memory.SearchAsync(new SearchMemoryRequest(query, queries[0].Scope, queries[0].Filter, topK, body.Threshold, mode, WithRelations: false), cancellationToken);
        }
        else
        {
            // Several (an OR over owners): each query's best, merged by score; a memory two branches found counts once.
            var merged = new Dictionary<Guid, ScoredMemory>();
            foreach (var branch in queries)
            {
                var request = new SearchMemoryRequest(query, branch.Scope, branch.Filter, topK, body.Threshold, mode, WithRelations: false);
                foreach (var result in await services.Memory.SearchAsync(request, cancellationToken))
                {
                    if (!merged.TryGetValue(result.Memory.Id, out var seen) || seen.Score < result.Score)
                    {
                        merged[result.Memory.Id] = result;
                    }
                }
            }

            results = merged.Values.OrderByDescending(r => r.Score).ThenBy(r => r.Memory.Id).ToList();
        }

        return results.Take(topK).Select(r => Mem0Memory.From(r.Memory, r.Score)).ToList();
    }
}
