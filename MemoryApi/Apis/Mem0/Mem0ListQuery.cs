using Microsoft.AspNetCore.Mvc;

namespace MemoryApi.Apis.Mem0;

/// <summary>The query string of 2.x's GET /v1/memories/, read into the same <see cref="Mem0ListBody"/> the other list
/// routes translate.</summary>
public sealed record Mem0ListQuery(
    [property: FromQuery(Name = "user_id")] string? UserId,
    [property: FromQuery(Name = "agent_id")] string? AgentId,
    [property: FromQuery(Name = "run_id")] string? RunId,
    [property: FromQuery(Name = "session_id")] string? SessionId,
    [property: FromQuery(Name = "app_id")] string? AppId,
    [property: FromQuery(Name = "filters")] string? Filters,
    [property: FromQuery(Name = "metadata")] string? Metadata,
    [property: FromQuery(Name = "categories")] string? Categories,
    [property: FromQuery(Name = "start_date")] string? StartDate,
    [property: FromQuery(Name = "end_date")] string? EndDate,
    [property: FromQuery(Name = "output_format")] string? OutputFormat,
    [property: FromQuery(Name = "page")] int? Page,
    [property: FromQuery(Name = "page_size")] int? PageSize)
{
    public Mem0ListBody ToBody()
    {
        Mem0Wire.Unsupported("metadata", Metadata is not null, "filter on metadata with filters (v2) instead.");
        var categories = Categories is null ? (System.Text.Json.JsonElement?)null : System.Text.Json.JsonSerializer.SerializeToElement(Categories);
        return new Mem0ListBody(RequestParsing.FiltersFromQuery(Filters), UserId, AgentId, RunId, SessionId, StartDate, EndDate, categories, AppId, OutputFormat);
    }
}
